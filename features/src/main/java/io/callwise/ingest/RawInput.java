package io.callwise.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.TableSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Brings an export of any format to one shape before validation: every contract column as a trimmed
 * string (empty means null), the row as it was read ({@value #RAW_RECORD}) and whether the reader
 * could split it ({@value #MALFORMED}).
 *
 * <p>Column names match case-insensitively. A missing contract column or a repeated column fails
 * the whole table with a {@link ContractViolationException}; columns beyond the contract follow the
 * {@link IngestSettings.ExtraColumnPolicy}. Columns that look like protected attributes (age,
 * gender, ethnicity...) are never copied anywhere, not even into a quarantined row's raw record.
 */
public final class RawInput {

  /** The row as read, JSON of its columns, or the unsplittable line itself. */
  public static final String RAW_RECORD = "_raw_record";

  /** True when the reader could not split the line into the header's columns. */
  public static final String MALFORMED = "_malformed";

  /** Column names that carry protected attributes; callwise never stores them. */
  static final Set<String> PROTECTED =
      Set.of(
          "age",
          "date_of_birth",
          "birth_date",
          "dob",
          "gender",
          "sex",
          "ethnicity",
          "race",
          "religion",
          "marital_status",
          "nationality",
          "disability");

  private RawInput() {}

  /**
   * The normalized rows and the names of columns the contract does not declare.
   *
   * @param rows contract columns as strings, plus {@value #RAW_RECORD} and {@value #MALFORMED}
   * @param extraColumns undeclared columns found in the export, protected ones included
   */
  public record Normalized(Dataset<Row> rows, List<String> extraColumns) {}

  /**
   * Normalizes {@code input} read from an export of {@code spec}.
   *
   * @param corruptColumn the reader's column holding unsplittable lines, or null if it has none
   */
  public static Normalized normalize(
      TableSpec spec,
      Dataset<Row> input,
      String corruptColumn,
      IngestSettings.ExtraColumnPolicy extraPolicy) {
    Map<String, String> byLowerName = new HashMap<>();
    List<String> dataColumns = new ArrayList<>();
    for (String name : input.columns()) {
      if (name.equals(corruptColumn)) {
        continue;
      }
      String previous = byLowerName.put(name.toLowerCase(Locale.ROOT), name);
      if (previous != null) {
        throw new ContractViolationException(
            String.format(
                "%s: column '%s' appears twice in the export (also as '%s'). Fix: export each"
                    + " column once.",
                spec.name(), name, previous));
      }
      dataColumns.add(name);
    }

    List<String> missing =
        spec.columnNames().stream().filter(c -> !byLowerName.containsKey(c)).toList();
    if (!missing.isEmpty()) {
      throw new ContractViolationException(
          String.format(
              "%s: required column%s %s missing from the export (found: %s). Fix: add %s to the"
                  + " export; see docs/DATA_CONTRACT.md#%s.",
              spec.name(),
              missing.size() > 1 ? "s" : "",
              missing.stream().map(c -> spec.name() + "." + c).collect(Collectors.joining(", ")),
              dataColumns,
              missing.size() > 1 ? "them" : "it",
              spec.name()));
    }

    Set<String> declared = Set.copyOf(spec.columnNames());
    List<String> extra =
        dataColumns.stream()
            .filter(c -> !declared.contains(c.toLowerCase(Locale.ROOT)))
            .collect(Collectors.toList());
    if (!extra.isEmpty() && extraPolicy == IngestSettings.ExtraColumnPolicy.FAIL) {
      throw new ContractViolationException(
          String.format(
              "%s: column%s %s %s not part of the contract and callwise.ingest.extra-columns ="
                  + " fail. Fix: drop %s from the export, or set callwise.ingest.extra-columns ="
                  + " ignore to leave them out of bronze.",
              spec.name(),
              extra.size() > 1 ? "s" : "",
              extra,
              extra.size() > 1 ? "are" : "is",
              extra.size() > 1 ? "them" : "it"));
    }

    Column[] kept =
        dataColumns.stream()
            .filter(c -> !PROTECTED.contains(c.toLowerCase(Locale.ROOT)))
            .map(c -> col(quote(c)).cast(DataTypes.StringType).as(c))
            .toArray(Column[]::new);
    Column asRead = kept.length == 0 ? lit("{}") : to_json(struct(kept));
    Column malformed = corruptColumn == null ? lit(false) : col(corruptColumn).isNotNull();
    Column raw =
        corruptColumn == null ? asRead : when(malformed, col(corruptColumn)).otherwise(asRead);

    List<Column> out = new ArrayList<>();
    for (String c : spec.columnNames()) {
      Column value = trim(col(quote(byLowerName.get(c))).cast(DataTypes.StringType));
      out.add(when(value.notEqual(lit("")), value).as(c));
    }
    out.add(raw.as(RAW_RECORD));
    out.add(malformed.as(MALFORMED));
    return new Normalized(input.select(out.toArray(Column[]::new)), List.copyOf(extra));
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
