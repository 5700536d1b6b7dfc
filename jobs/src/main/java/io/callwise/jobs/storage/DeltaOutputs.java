package io.callwise.jobs.storage;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Writes that re-runs can repeat: each replaces one slice of a Delta table (a batch, a date) in a
 * single commit, so a re-run never duplicates rows and a reader sees the old slice or the new one,
 * never half of either. The table is created first with its declared schema, so Delta enforces the
 * declared NOT NULL columns on every write. Jobs use them through {@link LakeTable}.
 */
public final class DeltaOutputs {

  private DeltaOutputs() {}

  /**
   * Creates the table at {@code path} with {@code schema} and {@code properties} if it does not
   * exist yet. What a process killed before the table's first commit left there (a {@code
   * _delta_log} folder with no commit in it, maybe data files) belongs to no table and is removed
   * first.
   */
  public static void ensureTable(
      SparkSession spark,
      String path,
      StructType schema,
      List<String> partitionColumns,
      Map<String, String> properties) {
    if (DeltaTable.isDeltaTable(spark, path)) {
      return;
    }
    Lake.removeUncommittedTable(spark, path);
    DeltaTableBuilder builder =
        DeltaTable.createIfNotExists(spark)
            .location(path)
            .addColumns(schema)
            .partitionedBy(partitionColumns.toArray(String[]::new));
    properties.forEach(builder::property);
    builder.execute();
  }

  /**
   * Overwrites the rows matching {@code slice} (a SQL predicate; null for the whole table) of the
   * existing table at {@code path} with {@code rows}, in one commit; with {@code mergeSchema} the
   * table gains the columns {@code rows} has and it lacks, and columns it has that {@code rows}
   * lacks are null in the new slice.
   */
  static void overwrite(Dataset<Row> rows, String path, String slice, boolean mergeSchema) {
    DataFrameWriter<Row> w =
        rows.write()
            .format("delta")
            .mode("overwrite")
            .option("mergeSchema", String.valueOf(mergeSchema));
    if (slice != null) {
      w = w.option("replaceWhere", slice);
    }
    w.save(path);
  }

  /**
   * Appends {@code rows} to the existing table at {@code path} in one commit, unless the table
   * already holds an append of {@code version} or later by {@code writer} (Delta's idempotent
   * writes: {@code txnAppId}, {@code txnVersion}).
   */
  static void appendOnce(Dataset<Row> rows, String path, String writer, long version) {
    rows.write()
        .format("delta")
        .mode("append")
        .option("txnAppId", writer)
        .option("txnVersion", version)
        .save(path);
  }

  /** A SQL predicate {@code column IN (DATE'..', ...)}. */
  public static String dateIn(String column, List<LocalDate> dates) {
    return column
        + " IN ("
        + String.join(", ", dates.stream().map(d -> "DATE'" + d + "'").toList())
        + ")";
  }

  /** A SQL string literal. */
  public static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
