package io.callwise.contract;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A raw table of the data contract: its columns, primary key, the column that dates each row (for
 * range checks and partitioning of the bronze copy), and cross-column rules described in prose.
 *
 * @param name table name, also the folder name of its export and of its bronze Delta table
 * @param description what one row is
 * @param fields columns in export order
 * @param primaryKey columns that identify a row across all batches
 * @param eventDateColumn the date or timestamp column that places a row in time
 * @param rules cross-column rules enforced by ingest, as shown in the contract
 */
public record TableSpec(
    String name,
    String description,
    List<FieldSpec> fields,
    List<String> primaryKey,
    String eventDateColumn,
    List<String> rules) {

  public TableSpec {
    fields = List.copyOf(fields);
    primaryKey = List.copyOf(primaryKey);
    rules = List.copyOf(rules);
    for (String key : primaryKey) {
      if (fields.stream().noneMatch(f -> f.name().equals(key))) {
        throw new IllegalArgumentException(name + ": primary key column " + key + " not declared");
      }
    }
  }

  /** The validated schema with nullability as declared. */
  public StructType schema() {
    return new StructType(fields.stream().map(FieldSpec::structField).toArray(StructField[]::new));
  }

  public List<String> columnNames() {
    return fields.stream().map(FieldSpec::name).collect(Collectors.toList());
  }

  public Optional<FieldSpec> field(String column) {
    return fields.stream().filter(f -> f.name().equals(column)).findFirst();
  }

  public boolean referencesAccounts() {
    return fields.stream().anyMatch(f -> f.role() == FieldSpec.Role.ACCOUNT_REF);
  }
}
