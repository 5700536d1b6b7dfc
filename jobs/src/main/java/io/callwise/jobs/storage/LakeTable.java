package io.callwise.jobs.storage;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One Delta table of the lake, declared once: where it lives under the root, its schema, its
 * partitioning and how it is written. Jobs read and replace tables through it, never by path.
 *
 * @param name the table's name as users know it ({@code account_scores})
 * @param location its folder under the storage root ({@code scoring/account_scores})
 * @param schema the declared schema; null for a derived view, whose rows carry their own
 * @param partitionBy partition columns
 * @param writes how a slice is written (see {@link Writes})
 */
public record LakeTable(
    String name, String location, StructType schema, List<String> partitionBy, Writes writes) {

  /** How a table's slices are written. */
  public enum Writes {
    /** Rows of exactly the declared schema. */
    DECLARED,
    /** The table gains the columns the rows have and it lacks (features added to the catalog). */
    EVOLVING,
    /**
     * As declared, with Delta's Change Data Feed on: consumers follow its changes. A table written
     * by an older contract version gains the columns added since on its next write.
     */
    CHANGE_FEED
  }

  public LakeTable {
    partitionBy = List.copyOf(partitionBy);
  }

  public String path(Lake lake) {
    return lake.root() + "/" + location;
  }

  /** Whether the table exists (has been created) in {@code lake}. */
  public boolean exists(SparkSession spark, Lake lake) {
    return Lake.isDeltaTable(spark, path(lake));
  }

  /** The table's current rows, pinned to its latest version, which the run log records. */
  public Dataset<Row> read(SparkSession spark, Lake lake) {
    String path = path(lake);
    long version = TableVersions.latest(spark, path);
    if (version < 0) {
      // not a table (yet): Delta's own error names the path
      return spark.read().format("delta").load(path);
    }
    return readAt(spark, lake, version);
  }

  /** The table's rows at {@code version}, which the run log records as read. */
  public Dataset<Row> readAt(SparkSession spark, Lake lake, long version) {
    TableVersions.readAt(location, version);
    return spark.read().format("delta").option("versionAsOf", version).load(path(lake));
  }

  /** Records, for the run log, the version before a write through {@link #delta} (a MERGE). */
  public void aboutToWrite(SparkSession spark, Lake lake) {
    TableVersions.aboutToWrite(spark, location, path(lake));
  }

  /** Records, for the run log, the version a write through {@link #delta} (a MERGE) made. */
  public void wrote(SparkSession spark, Lake lake) {
    TableVersions.wrote(spark, location, path(lake));
  }

  /** The Delta table, for a MERGE or its history; it must exist ({@link #ensure}). */
  public DeltaTable delta(SparkSession spark, Lake lake) {
    return DeltaTable.forPath(spark, path(lake));
  }

  /** The table's latest version; -1 when it does not exist yet. */
  public long version(SparkSession spark, Lake lake) {
    if (!exists(spark, lake)) {
      return -1;
    }
    return delta(spark, lake).history(1).select("version").first().getLong(0);
  }

  /** Creates the table, empty, if it does not exist yet. */
  public void ensure(SparkSession spark, Lake lake) {
    DeltaOutputs.ensureTable(
        spark,
        path(lake),
        schema,
        partitionBy,
        writes == Writes.CHANGE_FEED ? Map.of("delta.enableChangeDataFeed", "true") : Map.of());
  }

  /**
   * Replaces the rows matching {@code slice} (a SQL predicate) with {@code rows}, in one commit.
   */
  public void replace(SparkSession spark, Lake lake, Dataset<Row> rows, String slice) {
    ensure(spark, lake);
    aboutToWrite(spark, lake);
    // Output tables gain the nullable columns a minor contract version adds on their next write.
    DeltaOutputs.overwrite(rows, path(lake), slice, writes != Writes.DECLARED);
    wrote(spark, lake);
  }

  /**
   * Appends {@code rows} in one commit, at most once for each {@code version} of {@code writer}:
   * Delta skips an append whose version the table has already recorded for that writer (a re-run,
   * or two runs racing for the same version).
   */
  public void append(
      SparkSession spark, Lake lake, Dataset<Row> rows, String writer, long version) {
    ensure(spark, lake);
    aboutToWrite(spark, lake);
    DeltaOutputs.appendOnce(rows, path(lake), writer, version);
    wrote(spark, lake);
  }

  /** Replaces every row of the table with {@code rows}, in one commit. */
  public void replaceAll(SparkSession spark, Lake lake, Dataset<Row> rows) {
    if (schema == null) {
      DeltaOutputs.ensureTable(spark, path(lake), rows.schema(), partitionBy, Map.of());
    } else {
      ensure(spark, lake);
    }
    aboutToWrite(spark, lake);
    DeltaOutputs.overwrite(rows, path(lake), null, false);
    wrote(spark, lake);
  }
}
