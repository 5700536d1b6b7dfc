package io.callwise.jobs.storage;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Writes that re-runs can repeat: each replaces one slice of a Delta table (a batch, a date) in a
 * single commit, so a re-run never duplicates rows and a reader sees the old slice or the new one,
 * never half of either. The table is created first with its declared schema, so Delta enforces the
 * declared NOT NULL columns on every write.
 */
public final class DeltaOutputs {

  private DeltaOutputs() {}

  /**
   * Creates the table at {@code path} with {@code schema} if it does not exist yet. What a process
   * killed before the table's first commit left there (a {@code _delta_log} folder with no commit
   * in it, maybe data files) belongs to no table and is removed first.
   */
  public static void ensureTable(
      SparkSession spark, String path, StructType schema, List<String> partitionColumns) {
    ensureTable(spark, path, schema, partitionColumns, java.util.Map.of());
  }

  /** As {@link #ensureTable}, with table properties set at creation. */
  private static void ensureTable(
      SparkSession spark,
      String path,
      StructType schema,
      List<String> partitionColumns,
      java.util.Map<String, String> properties) {
    if (DeltaTable.isDeltaTable(spark, path)) {
      return;
    }
    Lake.removeUncommittedTable(spark, path);
    io.delta.tables.DeltaTableBuilder builder =
        DeltaTable.createIfNotExists(spark)
            .location(path)
            .addColumns(schema)
            .partitionedBy(partitionColumns.toArray(String[]::new));
    properties.forEach(builder::property);
    builder.execute();
  }

  /** Replaces the rows matching {@code slice} (a SQL predicate) with {@code rows}, atomically. */
  public static void replaceSlice(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> partitionColumns,
      String slice) {
    write(spark, rows, path, schema, partitionColumns, slice, false);
  }

  /**
   * As {@link #replaceSlice}, letting the table gain the columns {@code rows} has and it lacks (a
   * feature added to the catalog); columns the table has and {@code rows} lacks (a feature removed)
   * stay in the table and are null in the new slice.
   */
  public static void replaceSliceEvolving(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> partitionColumns,
      String slice) {
    write(spark, rows, path, schema, partitionColumns, slice, true);
  }

  private static void write(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> partitionColumns,
      String slice,
      boolean mergeSchema) {
    ensureTable(spark, path, schema, partitionColumns);
    rows.write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", slice)
        .option("mergeSchema", String.valueOf(mergeSchema))
        .save(path);
  }

  /**
   * As {@link #replaceSlice}, for tables consumers follow by their change feed: the table is
   * created with Change Data Feed on.
   */
  public static void replaceSliceWithChangeFeed(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> partitionColumns,
      String slice) {
    ensureChangeFeedTable(spark, path, schema, partitionColumns);
    write(spark, rows, path, schema, partitionColumns, slice, false);
  }

  /** Creates the table with Change Data Feed on if it does not exist yet. */
  public static void ensureChangeFeedTable(
      SparkSession spark, String path, StructType schema, List<String> partitionColumns) {
    ensureTable(
        spark,
        path,
        schema,
        partitionColumns,
        java.util.Map.of("delta.enableChangeDataFeed", "true"));
  }

  /** Replaces the whole table with {@code rows} in one commit. */
  public static void replaceAll(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> partitionColumns) {
    ensureTable(spark, path, schema, partitionColumns);
    rows.write().format("delta").mode("overwrite").save(path);
  }

  /** A SQL predicate {@code column IN (DATE'..', ...)}. */
  public static String dateIn(String column, List<java.time.LocalDate> dates) {
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
