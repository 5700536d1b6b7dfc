package io.callwise.features;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.synth.SimulationParams;
import io.callwise.testing.BookTables;
import io.callwise.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The leakage property: features as of D computed from the whole history equal features computed
 * from the history as it was known at the end of D (later rows removed, later reversals,
 * resolutions and closures undone). The whole-history side is one multi-date backfill, the known-at
 * side one nightly run per date, so this also proves backfill and nightly give the same rows.
 */
class PointInTimeTest {

  private static SparkSession spark;
  private static BookTables book;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    book = BookTables.generate(new SimulationParams(11, 400, LocalDate.parse("2025-01-01"), 12, 0));
  }

  @Test
  void laterHistoryNeverChangesAFeature() {
    List<LocalDate> dates = List.of(LocalDate.parse("2025-04-30"), LocalDate.parse("2025-09-14"));
    Dataset<Row> backfill = FeatureBuilder.build(book.inputs(spark), Snapshots.of(dates)).cache();
    for (LocalDate d : dates) {
      Dataset<Row> full = backfill.filter(col(Snapshots.AS_OF_DATE).equalTo(Snapshots.date(d)));
      BookTables known = book.knownAt(d);
      assertThat(known.rows("transactions")).hasSizeLessThan(book.rows("transactions").size());
      Dataset<Row> nightly = FeatureBuilder.build(known.inputs(spark), Snapshots.of(d)).cache();

      long rows = nightly.count();
      assertThat(rows).as("accounts in the population on %s", d).isGreaterThan(300);
      assertThat(full.count()).isEqualTo(rows);
      assertThat(differences(full, nightly))
          .as("features of %s that change once later history is added", d)
          .isEmpty();
      // Not a vacuous comparison: the history in play moves the features.
      assertThat(nightly.filter(col("max_dpd_365d").gt(0)).count()).isGreaterThan(10);
      assertThat(nightly.filter(col("spend_30d").gt(0)).count()).isGreaterThan(rows / 2);
      assertThat(nightly.filter(col("call_attempts_90d").gt(0)).count()).isGreaterThan(0);
      nightly.unpersist();
    }
    backfill.unpersist();
  }

  /** Feature name -> first account whose value differs, for a readable failure. */
  private static java.util.Map<String, String> differences(Dataset<Row> a, Dataset<Row> b) {
    java.util.Map<String, Row> byAccount = new java.util.HashMap<>();
    for (Row r : b.collectAsList()) {
      byAccount.put(r.getString(0), r);
    }
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (Row r : a.collectAsList()) {
      Row o = byAccount.get(r.getString(0));
      for (int i = 0; i < r.size(); i++) {
        Object x = r.get(i);
        Object y = o == null ? "<missing>" : o.get(i);
        if (!java.util.Objects.equals(x, y)) {
          out.putIfAbsent(
              r.schema().fields()[i].name(), r.getString(0) + ": " + x + " (later) vs " + y);
        }
      }
    }
    return out;
  }
}
