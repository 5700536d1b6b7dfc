package io.callwise.features;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.testing.Ledger;
import io.callwise.testing.SparkTestSession;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Window edges, local days and states, on named rows of one New York account as of 2025-06-30: each
 * row sits just inside or just outside a window, or either side of local midnight.
 */
class FeatureExamplesTest {

  static final ZoneId NY = ZoneId.of("America/New_York");
  static final LocalDate D = LocalDate.parse("2025-06-30");
  static SparkSession spark;
  static Row row;
  static Row behind;

  /** An instant at local time {@code hhmm} on local day {@code day} in New York. */
  static Timestamp ny(String day, int hour, int minute) {
    return Timestamp.from(LocalDate.parse(day).atTime(hour, minute).atZone(NY).toInstant());
  }

  static Dataset<Row> rows(io.callwise.contract.TableSpec spec, List<Object[]> rows) {
    List<Row> out = new ArrayList<>();
    rows.forEach(r -> out.add(RowFactory.create(r)));
    return spark.createDataFrame(out, spec.schema());
  }

  static Object[] txn(String id, Timestamp at, String type, String amount, String status) {
    return new Object[] {id, "A1", at, type, new BigDecimal(amount), null, status};
  }

  @BeforeAll
  static void build() {
    spark = SparkTestSession.get();
    Ledger ledger = new Ledger("A1", "America/New_York");
    List<Object[]> txns =
        List.of(
            // 30-day window is 2025-06-01..2025-06-30 local.
            txn("t-first-day-in", ny("2025-06-01", 0, 5), "PURCHASE", "10.00", "SUCCEEDED"),
            txn("t-day-before-out", ny("2025-05-31", 23, 55), "PURCHASE", "20.00", "SUCCEEDED"),
            // 22:30 in New York on D is 02:30 UTC on July 1: still D.
            txn("t-late-evening-in", ny("2025-06-30", 22, 30), "PURCHASE", "40.00", "SUCCEEDED"),
            // 00:30 in New York on July 1 is 04:30 UTC: after D.
            txn("t-after-midnight-out", ny("2025-07-01", 0, 30), "PURCHASE", "80.00", "SUCCEEDED"),
            // 90-day window starts 2025-04-02.
            txn("t-90-edge-in", ny("2025-04-02", 9, 0), "TOP_UP", "100.00", "SUCCEEDED"),
            txn("t-90-edge-out", ny("2025-04-01", 9, 0), "TOP_UP", "200.00", "SUCCEEDED"),
            txn("t-nsf", ny("2025-06-15", 9, 0), "PURCHASE", "5.00", "FAILED_INSUFFICIENT_FUNDS"));
    List<Object[]> complaints =
        List.of(
            new Object[] {"c-open", "A1", ny("2025-06-10", 9, 0), null, "FEE"},
            new Object[] {
              "c-resolved-after", "A1", ny("2025-03-01", 9, 0), ny("2025-07-01", 0, 30), "OTHER"
            },
            new Object[] {
              "c-resolved-on-d", "A1", ny("2025-02-01", 9, 0), ny("2025-06-30", 23, 0), "HARASSMENT"
            });
    List<Object[]> arrangements =
        List.of(
            new Object[] {
              "h-ends-on-d",
              "A1",
              "HARDSHIP_PLAN",
              ny("2025-05-01", 9, 0),
              Date.valueOf("2025-05-02"),
              Date.valueOf("2025-06-30"),
              "COMPLETED",
              ny("2025-07-01", 9, 0)
            },
            new Object[] {
              "d-starts-after-d",
              "A1",
              "DISPUTE",
              ny("2025-06-20", 9, 0),
              Date.valueOf("2025-07-01"),
              null,
              "ACTIVE",
              null
            },
            new Object[] {
              "l-closed-on-d",
              "A1",
              "LEGAL_HOLD",
              ny("2025-01-05", 9, 0),
              Date.valueOf("2025-01-05"),
              null,
              "CANCELLED",
              ny("2025-06-30", 8, 0)
            });
    ledger
        .bill("2025-05-20", "2025-06-10", "50.00")
        .payAt(ny("2025-06-12", 9, 0).toInstant(), "50.00");
    List<Object[]> contacts =
        List.of(
            new Object[] {
              "k-kept",
              "A1",
              ny("2025-06-11", 10, 0),
              "CALL",
              "PROMISE_TO_PAY",
              new BigDecimal("50.00"),
              Date.valueOf("2025-06-12"),
              "ag1"
            },
            new Object[] {
              "k-broken",
              "A1",
              ny("2025-06-01", 10, 0),
              "CALL",
              "PROMISE_TO_PAY",
              new BigDecimal("80.00"),
              Date.valueOf("2025-06-05"),
              "ag1"
            },
            new Object[] {
              "k-pending",
              "A1",
              ny("2025-06-29", 10, 0),
              "CALL",
              "PROMISE_TO_PAY",
              new BigDecimal("30.00"),
              Date.valueOf("2025-07-03"),
              "ag1"
            },
            new Object[] {
              "k-sms", "A1", ny("2025-06-20", 10, 0), "SMS", "UNDELIVERED", null, null, null
            },
            // Answers: the payment of 06-12 falls on the third day after this message...
            new Object[] {"k-read", "A1", ny("2025-06-09", 10, 0), "SMS", "READ", null, null, null},
            // ...and on the fourth after this one: not its answer.
            new Object[] {
              "k-push", "A1", ny("2025-06-08", 23, 30), "PUSH", "DELIVERED", null, null, null
            });
    // Months delinquent: the 183-day window starts on 2024-12-30, the 365-day one on 2024-07-01.
    Ledger months =
        new Ledger("A2", "America/New_York")
            // past due on 2024-06-30 only: a month end one day before the 365-day window
            .bill("2024-06-01", "2024-06-20", "50.00")
            .pay("2024-07-01", "50.00")
            // past due on 2024-11-30, the last month end before the 183-day window
            .bill("2024-11-01", "2024-11-20", "50.00")
            .pay("2024-12-01", "50.00")
            // past due on 2024-12-31, its first month end
            .bill("2024-12-01", "2024-12-20", "50.00")
            .pay("2025-01-03", "50.00")
            // past due from Feb 21, paid on the 28th, the month's last day: not a month delinquent
            .bill("2025-02-01", "2025-02-20", "50.00")
            .pay("2025-02-28", "50.00")
            // past due from Apr 26 to D: April, May and June end behind
            .bill("2025-04-01", "2025-04-25", "50.00");
    List<Ledger> ledgers = List.of(ledger, months);
    FeatureInputs in =
        new FeatureInputs(
            Ledger.accounts(spark, ledgers),
            rows(RawTables.TRANSACTIONS, txns),
            Ledger.instalments(spark, ledgers),
            Ledger.repayments(spark, ledgers),
            rows(RawTables.CONTACTS, contacts),
            rows(RawTables.COMPLAINTS, complaints),
            rows(RawTables.ARRANGEMENTS, arrangements),
            true);
    Dataset<Row> built = FeatureBuilder.build(in, Snapshots.of(D)).cache();
    row = built.filter(col("account_id").equalTo("A1")).first();
    behind = built.filter(col("account_id").equalTo("A2")).first();
  }

  @Test
  void monthsDelinquentCountTheMonthEndsPastDueInsideTheWindow() {
    assertThat(behind.<Integer>getAs("months_delinquent_183d")).isEqualTo(4);
    assertThat(behind.<Integer>getAs("months_delinquent_365d")).isEqualTo(5);
    assertThat(behind.<Integer>getAs("dpd_current")).isEqualTo(66);
    assertThat(behind.<Integer>getAs("max_dpd_180d")).isEqualTo(66);
    assertThat(row.<Integer>getAs("months_delinquent_365d")).isZero();
  }

  @Test
  void transactionWindowsEndAtLocalMidnightAndStartNMinusOneDaysBefore() {
    assertThat(row.<Double>getAs("spend_30d")).isEqualTo(50.0);
    assertThat(row.<Integer>getAs("purchases_30d")).isEqualTo(2);
    assertThat(row.<Double>getAs("spend_90d")).isEqualTo(70.0);
    assertThat(row.<Double>getAs("inflow_90d")).isEqualTo(100.0);
    assertThat(row.<Integer>getAs("failed_insufficient_funds_30d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("days_since_last_activity")).isZero();
    assertThat(row.<Integer>getAs("days_since_last_inflow")).isEqualTo(89);
  }

  @Test
  void complaintsAreOpenUntilTheLocalDayTheyAreResolved() {
    assertThat(row.<Integer>getAs("open_complaints")).isEqualTo(2);
    assertThat(row.<Integer>getAs("complaints_90d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("harassment_complaints_365d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("days_since_last_complaint")).isEqualTo(20);
  }

  @Test
  void arrangementsAreInForceFromStartToEndUnlessClosed() {
    assertThat(row.<Integer>getAs("hardship_plan_active")).isEqualTo(1);
    assertThat(row.<Integer>getAs("dispute_open")).isZero();
    assertThat(row.<Integer>getAs("legal_hold_active")).isZero();
    assertThat(row.<Integer>getAs("arrangements_365d")).isEqualTo(3);
  }

  @Test
  void contactsAreAnsweredByAPaymentWithinThreeDaysOnceTheyAreOver() {
    // k-kept (06-11) is answered by the payment of 06-12, k-broken (06-01) is not, k-pending
    // (06-29) is not over at D; the undelivered SMS does not count.
    assertThat(row.<Integer>getAs("conversations_365d")).isEqualTo(2);
    assertThat(row.<Integer>getAs("conversations_answered_365d")).isEqualTo(1);
    assertThat(row.<Double>getAs("conversation_answer_rate_365d")).isEqualTo(0.5);
    assertThat(row.<Integer>getAs("messages_delivered_365d")).isEqualTo(2);
    assertThat(row.<Integer>getAs("messages_answered_365d")).isEqualTo(1);
    assertThat(row.<Double>getAs("message_answer_rate_365d")).isEqualTo(0.5);
  }

  @Test
  void promisesAreKeptBrokenOrPending() {
    assertThat(row.<Integer>getAs("promises_kept_90d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("promises_broken_90d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("promises_pending")).isEqualTo(1);
    assertThat(row.<Double>getAs("pending_promise_amount")).isEqualTo(30.0);
    assertThat(row.<Double>getAs("promise_keep_rate_365d")).isEqualTo(0.5);
    assertThat(row.<Integer>getAs("undelivered_messages_90d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("call_attempts_30d")).isEqualTo(3);
  }

  @Test
  void instalmentsAndPaymentsFollowTheWaterfall() {
    assertThat(row.<Integer>getAs("instalments_due_90d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("missed_instalments_90d")).isEqualTo(1);
    // Due June 10, paid June 12: one day past due, June 11.
    assertThat(row.<Integer>getAs("max_dpd_30d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("dpd_current")).isZero();
    assertThat(row.<String>getAs("dpd_bucket")).isEqualTo("current");
    assertThat(row.<Integer>getAs("days_since_delinquent")).isEqualTo(19);
    assertThat(row.<Integer>getAs("times_entered_1plus_365d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("days_delinquent_90d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("days_since_last_payment")).isEqualTo(18);
    assertThat(row.<Double>getAs("paid_to_due_ratio_90d")).isEqualTo(1.0);
    assertThat(row.<Integer>getAs("tenure_days")).isEqualTo(394);
    assertThat(Map.of("version", row.getAs(FeatureBuilder.CATALOG_VERSION)))
        .containsEntry("version", FeatureCatalog.version());
  }
}
