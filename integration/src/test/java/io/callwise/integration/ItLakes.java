package io.callwise.integration;

import io.callwise.contract.RawTables;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.LakeTable;
import io.callwise.jobs.storage.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Comparing the tables two runs of the same night wrote, in two lakes. */
final class ItLakes {

  private ItLakes() {}

  /** The tables a night writes that hold its results: bronze, features, scores, publication. */
  static List<LakeTable> nightOutputs() {
    List<LakeTable> tables = new ArrayList<>();
    RawTables.ALL.forEach(t -> tables.add(Tables.bronze(t)));
    tables.add(Tables.QUARANTINE);
    tables.add(Tables.ACCOUNT_FEATURES);
    tables.add(Tables.ACCOUNT_SCORES);
    tables.add(Tables.CONTACT_QUEUE);
    tables.add(Tables.CURRENT_PRIORITY);
    tables.add(Tables.DQ_RESULTS);
    return tables;
  }

  /**
   * The rows of {@code table}, without the columns that say when or how fast a row was written
   * ({@code *_at}, {@code seconds}), which differ between two runs by nature.
   */
  static Dataset<Row> content(SparkSession spark, Lake lake, LakeTable table) {
    Dataset<Row> rows = spark.read().format("delta").load(table.path(lake));
    String[] timing =
        Arrays.stream(rows.columns())
            .filter(c -> c.endsWith("_at") || c.equals("seconds"))
            .toArray(String[]::new);
    return rows.drop(timing);
  }

  /**
   * The rows of each of {@code tables} in {@code lake} (as {@link #content}), materialized in this
   * JVM: what was there stays comparable after the lake's files change.
   */
  static Map<String, Dataset<Row>> contents(SparkSession spark, Lake lake, List<LakeTable> tables) {
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    for (LakeTable table : tables) {
      // eager: the rows are read now, before the lake's files change
      out.put(table.name(), content(spark, lake, table).localCheckpoint());
    }
    return out;
  }

  /**
   * Per table, a description of how {@code actual}'s rows differ from {@code expected}'s ("" when
   * they are the same multiset of rows).
   */
  static Map<String, String> differences(
      Map<String, Dataset<Row>> expected, Map<String, Dataset<Row>> actual) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Dataset<Row>> table : expected.entrySet()) {
      Dataset<Row> e = table.getValue();
      Dataset<Row> a = actual.get(table.getKey());
      long missing = e.exceptAll(a).count();
      long extra = a.exceptAll(e).count();
      out.put(
          table.getKey(),
          missing == 0 && extra == 0
              ? ""
              : String.format(
                  "%d of %d rows missing, %d extra; first extra: %s",
                  missing, e.count(), extra, a.exceptAll(e).limit(1).toJSON().collectAsList()));
    }
    return out;
  }

  /** An empty difference for every table, in {@link #differences}'s form. */
  static Map<String, String> noDifferences(List<LakeTable> tables) {
    Map<String, String> out = new LinkedHashMap<>();
    tables.forEach(t -> out.put(t.name(), ""));
    return out;
  }
}
