package io.callwise.jobs.storage;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/**
 * The Delta version of every lake table a command read (the first version it read) and wrote (the
 * version its last write made), collected as it runs, for the run log. Reads through {@link
 * LakeTable} are pinned to the version recorded, so the record is what was read; the version of a
 * written table before the first write is kept too, so that a run can be replayed from the state it
 * started from. One command runs at a time in a JVM; {@link #reset} starts a new record.
 */
public final class TableVersions {

  private TableVersions() {}

  private static final Map<String, Long> READ = new TreeMap<>();
  private static final Map<String, Long> WRITTEN = new TreeMap<>();
  private static final Map<String, Long> PRIOR = new TreeMap<>();

  public static synchronized void reset() {
    READ.clear();
    WRITTEN.clear();
    PRIOR.clear();
  }

  /** The version of each table written before the command's first write to it (-1: none). */
  public static synchronized Map<String, Long> prior() {
    return Collections.unmodifiableMap(new TreeMap<>(PRIOR));
  }

  /** Records the version {@code table} is at before this command's first write to it. */
  public static void aboutToWrite(SparkSession spark, String table, String path) {
    synchronized (TableVersions.class) {
      if (PRIOR.containsKey(table)) {
        return;
      }
    }
    long v = latest(spark, path);
    synchronized (TableVersions.class) {
      PRIOR.putIfAbsent(table, v);
    }
  }

  public static synchronized Map<String, Long> read() {
    return Collections.unmodifiableMap(new TreeMap<>(READ));
  }

  public static synchronized Map<String, Long> written() {
    return Collections.unmodifiableMap(new TreeMap<>(WRITTEN));
  }

  /** The table's latest committed version, from its log (no Spark job); -1 when it has none. */
  public static long latest(SparkSession spark, String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).version();
  }

  static synchronized void readAt(String table, long version) {
    READ.putIfAbsent(table, version);
  }

  /** Records the version {@code table} (at {@code path}) is at after this command wrote it. */
  public static void wrote(SparkSession spark, String table, String path) {
    long v = latest(spark, path);
    synchronized (TableVersions.class) {
      WRITTEN.put(table, v);
    }
  }
}
