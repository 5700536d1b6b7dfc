package io.callwise.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.features.FeatureInputs;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import io.callwise.testing.Ledger;
import io.callwise.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Every label definition against a plain loop over the ledger replay: population from the DPD on D,
 * event from the DPD on each of the days D+1..D+horizon.
 */
class LabelBuilderTest {

  @Test
  void labelsMatchALoopOverTheDailyReplay() {
    SparkSession spark = SparkTestSession.get();
    List<Ledger> ledgers = Ledger.random(21, 60);
    ledgers.add(
        new Ledger("cures-on-day-30", "America/New_York")
            .bill("2025-03-01", "2025-03-20", "100.00")
            .pay("2025-04-20", "100.00"));
    ledgers.add(
        new Ledger("cures-on-day-31", "America/New_York")
            .bill("2025-03-01", "2025-03-20", "100.00")
            .pay("2025-04-21", "100.00"));
    ledgers.add(
        new Ledger("reaches-30-within-60-days", "America/New_York")
            .bill("2025-01-20", "2025-02-10", "100.00")
            .pay("2025-02-10", "100.00")
            .bill("2025-02-20", "2025-03-12", "100.00"));
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate d = LocalDate.parse("2025-01-10"); d.isBefore(LocalDate.parse("2025-08-01")); ) {
      dates.add(d);
      d = d.plusDays(9);
    }
    dates.add(LocalDate.parse("2025-02-11"));
    dates.add(LocalDate.parse("2025-03-21"));
    FeatureInputs in =
        new FeatureInputs(
            Ledger.accounts(spark, ledgers),
            null,
            Ledger.instalments(spark, ledgers),
            Ledger.repayments(spark, ledgers),
            null,
            null,
            null,
            true);
    List<Row> rows =
        LabelBuilder.build(new FeatureSources(in), Snapshots.of(dates), LabelCatalog.ALL)
            .collectAsList();

    TreeSet<String> got = new TreeSet<>();
    for (Row r : rows) {
      got.add(
          r.getAs("label")
              + " "
              + r.getAs("account_id")
              + " "
              + r.getAs("as_of_date")
              + " dpd="
              + r.getAs("dpd_at_as_of")
              + " value="
              + r.getAs("label_value"));
    }
    TreeSet<String> want = new TreeSet<>();
    for (LabelSpec l : LabelCatalog.ALL) {
      for (Ledger ledger : ledgers) {
        for (LocalDate d : dates) {
          int dpd = ledger.stateOn(d).dpd();
          if (dpd < l.populationMinDpd() || dpd > l.populationMaxDpd()) {
            continue;
          }
          boolean reached = false;
          boolean cured = false;
          for (int k = 1; k <= l.horizonDays(); k++) {
            int ahead = ledger.stateOn(d.plusDays(k)).dpd();
            reached |= ahead >= l.eventDpd();
            cured |= ahead == 0;
          }
          boolean event = l.event() == LabelSpec.Event.REACHES_DPD ? reached : !cured;
          want.add(
              l.name()
                  + " "
                  + ledger.accountId
                  + " "
                  + d
                  + " dpd="
                  + dpd
                  + " value="
                  + (event ? 1 : 0));
        }
      }
    }
    assertThat(got).isEqualTo(want);
    assertThat(want.stream().filter(s -> s.startsWith("no_self_cure") && s.endsWith("=1")))
        .isNotEmpty();
    assertThat(want.stream().filter(s -> s.startsWith("no_self_cure") && s.endsWith("=0")))
        .isNotEmpty();
    assertThat(want.stream().filter(s -> s.startsWith("early_warning") && s.endsWith("=1")))
        .isNotEmpty();
    assertThat(want)
        .contains(
            "no_self_cure cures-on-day-30 2025-03-21 dpd=1 value=0",
            "no_self_cure cures-on-day-31 2025-03-21 dpd=1 value=1",
            "early_warning reaches-30-within-60-days 2025-02-11 dpd=0 value=1");
  }
}
