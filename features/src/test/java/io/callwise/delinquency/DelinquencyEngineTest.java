package io.callwise.delinquency;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.testing.Ledger;
import io.callwise.testing.Ledger.DayState;
import io.callwise.testing.SparkTestSession;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark waterfall against a plain day-by-day replay of each fixture ledger ({@link Ledger}), on
 * every day from before the first bill to well after the last payment.
 */
class DelinquencyEngineTest {

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  private static final String NY = "America/New_York";

  /** Named fixtures: each is one waterfall situation. */
  static List<Ledger> fixtures() {
    List<Ledger> l = new ArrayList<>();
    l.add(
        new Ledger("always-on-time", NY)
            .bill("2025-01-10", "2025-01-31", "100.00")
            .bill("2025-02-07", "2025-02-28", "100.00")
            .pay("2025-01-31", "100.00")
            .pay("2025-02-28", "100.00"));
    l.add(
        new Ledger("missed-then-partial-then-cured", NY)
            .bill("2025-01-01", "2025-01-20", "100.00")
            .bill("2025-02-01", "2025-02-20", "100.00")
            .bill("2025-03-01", "2025-03-20", "100.00")
            .pay("2025-02-05", "60.00")
            .pay("2025-03-10", "40.00")
            .pay("2025-04-02", "200.00"));
    l.add(
        new Ledger("paid-before-billed-is-credit", NY)
            .pay("2025-01-03", "150.00")
            .bill("2025-01-10", "2025-01-31", "100.00")
            .bill("2025-02-10", "2025-02-28", "100.00")
            .pay("2025-03-01", "50.00"));
    l.add(
        new Ledger("overpayment-carried-forward", NY)
            .bill("2025-01-10", "2025-01-31", "100.00")
            .pay("2025-01-25", "130.00")
            .bill("2025-02-10", "2025-02-28", "100.00")
            .pay("2025-02-27", "70.00")
            .bill("2025-03-10", "2025-03-31", "100.00"));
    l.add(
        new Ledger("reversal-reopens-debt", NY)
            .bill("2025-01-10", "2025-01-31", "100.00")
            .bill("2025-02-10", "2025-02-28", "100.00")
            .bill("2025-03-10", "2025-03-31", "100.00")
            .reversed("2025-01-30", "100.00", "2025-03-15")
            .pay("2025-02-27", "100.00")
            .pay("2025-03-30", "100.00")
            .pay("2025-04-20", "100.00"));
    l.add(
        new Ledger("reversal-jumps-past-30", NY)
            .bill("2025-01-01", "2025-01-15", "50.00")
            .bill("2025-02-01", "2025-02-15", "50.00")
            .pay("2025-02-20", "50.00")
            .reversed("2025-03-01", "50.00", "2025-03-05"));
    l.add(
        new Ledger("failed-attempts-move-nothing", NY)
            .bill("2025-01-10", "2025-01-31", "80.00")
            .failed("2025-01-31", "80.00")
            .failed("2025-02-03", "80.00")
            .pay("2025-02-10", "80.00"));
    l.add(
        new Ledger("leap-day-and-month-ends", "Europe/Berlin")
            .bill("2024-01-08", "2024-01-31", "75.25")
            .bill("2024-02-08", "2024-02-29", "75.25")
            .bill("2024-03-08", "2024-03-31", "75.25")
            .pay("2024-02-29", "75.25")
            .pay("2024-03-01", "75.25")
            .pay("2024-04-30", "75.25"));
    l.add(
        new Ledger("two-instalments-same-due-date", NY)
            .bill("2025-05-01", "2025-05-20", "30.00")
            .bill("2025-05-01", "2025-05-20", "45.00")
            .pay("2025-05-20", "30.00")
            .pay("2025-06-01", "45.00"));
    // 23:30 in New York on the due date is 03:30 UTC the next day: still on time.
    l.add(
        new Ledger("late-evening-west-of-utc", NY)
            .bill("2025-02-07", "2025-02-28", "90.00")
            .payAt(Instant.parse("2025-03-01T04:30:00Z"), "90.00"));
    // 00:30 in Kiribati on March 1 is 10:30 UTC on February 28: one day late there.
    l.add(
        new Ledger("just-after-midnight-east-of-utc", "Pacific/Kiritimati")
            .bill("2025-02-07", "2025-02-28", "90.00")
            .payAt(Instant.parse("2025-02-28T10:30:00Z"), "90.00"));
    l.add(
        new Ledger("exact-payment-after-long-arrears", "Asia/Tokyo")
            .bill("2024-11-01", "2024-11-25", "40.00")
            .bill("2024-12-01", "2024-12-25", "40.00")
            .bill("2025-01-01", "2025-01-25", "40.00")
            .bill("2025-02-01", "2025-02-25", "40.00")
            .pay("2025-03-03", "80.00")
            .pay("2025-04-01", "80.00"));
    // Revolving: money beyond the bills lowers the balance and never pays a later minimum.
    l.add(
        new Ledger("revolving-full-balance-then-next-minimum-missed", NY)
            .revolving()
            .bill("2025-01-10", "2025-01-31", "30.00")
            .pay("2025-01-25", "1000.00")
            .bill("2025-02-10", "2025-02-28", "25.00")
            .bill("2025-03-10", "2025-03-31", "25.00")
            .pay("2025-04-12", "50.00"));
    l.add(
        new Ledger("revolving-paid-before-the-first-statement", NY)
            .revolving()
            .pay("2025-01-03", "150.00")
            .bill("2025-01-10", "2025-01-31", "40.00")
            .pay("2025-01-30", "20.00"));
    l.add(
        new Ledger("revolving-overpayment-reversed", NY)
            .revolving()
            .bill("2025-01-10", "2025-01-31", "30.00")
            .reversed("2025-01-20", "500.00", "2025-02-05")
            .bill("2025-02-10", "2025-02-28", "25.00")
            .pay("2025-02-27", "25.00")
            .pay("2025-03-20", "600.00"));
    l.add(
        new Ledger("revolving-minimum-paid-on-statement-day", "Asia/Tokyo")
            .revolving()
            .bill("2025-01-10", "2025-01-31", "30.00")
            .pay("2025-01-10", "30.00")
            .bill("2025-02-10", "2025-02-28", "30.00")
            .pay("2025-03-05", "10.00")
            .pay("2025-03-06", "90.00"));
    return l;
  }

  @Test
  void namedFixturesMatchTheReplayOnEveryDay() {
    List<Ledger> ledgers = fixtures();
    assertMatchesReplay(ledgers, LocalDate.parse("2023-12-25"), LocalDate.parse("2025-07-15"));
  }

  @Test
  void randomLedgersMatchTheReplayOnEveryDay() {
    assertMatchesReplay(
        Ledger.random(7, 60, 0.4), LocalDate.parse("2024-12-01"), LocalDate.parse("2025-11-30"));
  }

  @Test
  void cuttingOldHistoryIsExactFromTheCutOn() {
    List<Ledger> ledgers = new ArrayList<>(Ledger.random(9, 60, 0.4));
    ledgers.addAll(fixtures());
    // Settled at the cut but a payment before it is reversed after it: must keep its history.
    ledgers.add(
        new Ledger("reversal-across-the-cut", NY)
            .bill("2025-03-01", "2025-03-20", "100.00")
            .reversed("2025-03-19", "100.00", "2025-04-20")
            .bill("2025-04-01", "2025-04-20", "100.00")
            .pay("2025-05-02", "100.00"));
    assertMatchesReplay(
        ledgers,
        LocalDate.parse("2025-04-15"),
        LocalDate.parse("2025-11-30"),
        LocalDate.parse("2025-04-15"));
  }

  @Test
  void aRevolvingAccountKeepsNoCreditWhereAnInstalmentAccountDoes() {
    List<Ledger> ledgers = new ArrayList<>();
    for (boolean revolving : new boolean[] {false, true}) {
      Ledger l =
          new Ledger(revolving ? "card" : "loan", NY)
              .bill("2025-01-10", "2025-01-31", "30.00")
              .pay("2025-01-25", "1000.00")
              .bill("2025-02-10", "2025-02-28", "25.00");
      ledgers.add(revolving ? l.revolving() : l);
    }
    Map<String, List<Row>> segments = byAccount(run(ledgers, null));
    LocalDate march = LocalDate.parse("2025-03-10");
    assertThat(fromSegments(segments.get("loan"), march).dpd()).isZero();
    assertThat(fromSegments(segments.get("loan"), march).credit()).isEqualByComparingTo("945.00");
    assertThat(fromSegments(segments.get("card"), march).dpd()).isEqualTo(10);
    assertThat(fromSegments(segments.get("card"), march).overdue()).isEqualByComparingTo("25.00");
    assertThat(fromSegments(segments.get("card"), march).credit()).isZero();
  }

  private static void assertMatchesReplay(List<Ledger> ledgers, LocalDate from, LocalDate to) {
    assertMatchesReplay(ledgers, from, to, null);
  }

  private static void assertMatchesReplay(
      List<Ledger> ledgers, LocalDate from, LocalDate to, LocalDate validFrom) {
    DelinquencyEngine.Result result = run(ledgers, validFrom);
    Map<String, List<Row>> segments = byAccount(result);
    Map<String, Row> outcomes = new HashMap<>();
    for (Row r : result.instalmentOutcomes().collectAsList()) {
      outcomes.put(r.getAs("instalment_id"), r);
    }
    for (Ledger l : ledgers) {
      List<Row> segs = segments.getOrDefault(l.accountId, List.of());
      Map<Integer, TreeSet<LocalDate>> expectedEntries = new HashMap<>();
      int previousDpd = l.stateOn(from.minusDays(1)).dpd();
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        DayState want = l.stateOn(d);
        DayState got = fromSegments(segs, d);
        assertThat(got).as("%s on %s", l.accountId, d).isEqualTo(want);
        for (int t : DelinquencyEngine.ENTRY_THRESHOLDS) {
          if (want.dpd() >= t && previousDpd < t) {
            expectedEntries.computeIfAbsent(t, k -> new TreeSet<>()).add(d);
          }
        }
        previousDpd = want.dpd();
      }
      for (int t : DelinquencyEngine.ENTRY_THRESHOLDS) {
        TreeSet<LocalDate> entries = new TreeSet<>();
        for (Row s : segs) {
          java.sql.Date e = s.getAs(DelinquencyEngine.enteredOn(t));
          if (e != null && !e.toLocalDate().isAfter(to) && !e.toLocalDate().isBefore(from)) {
            entries.add(e.toLocalDate());
          }
        }
        assertThat(entries)
            .as("%s days entering %d+ DPD", l.accountId, t)
            .isEqualTo(expectedEntries.getOrDefault(t, new TreeSet<>()));
      }
      for (Ledger.Instalment i : l.instalments) {
        if (validFrom != null && i.due().isBefore(validFrom)) {
          continue;
        }
        Row o = outcomes.get(i.id());
        BigDecimal paid = l.paidByDue(i);
        assertThat(o.<BigDecimal>getAs("paid_by_due")).as(i.id()).isEqualByComparingTo(paid);
        assertThat(o.<Boolean>getAs("on_time"))
            .as(i.id())
            .isEqualTo(paid.compareTo(i.amount()) == 0);
        assertThat(o.<Boolean>getAs("partial"))
            .as(i.id())
            .isEqualTo(paid.signum() > 0 && paid.compareTo(i.amount()) < 0);
      }
    }
  }

  private static DelinquencyEngine.Result run(List<Ledger> ledgers, LocalDate validFrom) {
    return DelinquencyEngine.run(
        Ledger.instalments(spark, ledgers),
        Ledger.repayments(spark, ledgers),
        Ledger.zones(spark, ledgers),
        validFrom);
  }

  private static Map<String, List<Row>> byAccount(DelinquencyEngine.Result result) {
    Map<String, List<Row>> segments = new HashMap<>();
    for (Row r : result.segments().collectAsList()) {
      segments.computeIfAbsent(r.getAs("account_id"), k -> new ArrayList<>()).add(r);
    }
    return segments;
  }

  /** The engine's state on {@code day}, read from the segment that contains it. */
  private static DayState fromSegments(List<Row> segs, LocalDate day) {
    for (Row s : segs) {
      LocalDate start = s.<java.sql.Date>getAs(DelinquencyEngine.SEG_START).toLocalDate();
      java.sql.Date endDate = s.getAs(DelinquencyEngine.SEG_END);
      if (start.isAfter(day) || (endDate != null && endDate.toLocalDate().isBefore(day))) {
        continue;
      }
      BigDecimal billed = s.getAs(DelinquencyEngine.BILLED);
      BigDecimal pastDue = s.getAs(DelinquencyEngine.PAST_DUE);
      BigDecimal paid = s.getAs(DelinquencyEngine.PAID);
      java.sql.Date oldest = s.getAs(DelinquencyEngine.OLDEST_DUE);
      int dpd = oldest == null ? 0 : (int) (day.toEpochDay() - oldest.toLocalDate().toEpochDay());
      return new DayState(
          day,
          dpd,
          pastDue.subtract(paid).max(BigDecimal.ZERO).setScale(2),
          billed.subtract(paid).max(BigDecimal.ZERO).setScale(2),
          paid.subtract(billed).max(BigDecimal.ZERO).setScale(2));
    }
    BigDecimal zero = BigDecimal.ZERO.setScale(2);
    return new DayState(day, 0, zero, zero, zero);
  }
}
