package io.callwise.jobs.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.RawTables;
import io.callwise.features.LocalDays;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.Lake;
import io.callwise.policy.TreatmentPolicy;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the policy needs beyond the features, read from bronze as known at the end of the score
 * date: the account's current contact settings, its recent contact history (for the call caps and
 * channel failures) and its next due date.
 */
final class ScoringInputs {

  private ScoringInputs() {}

  /** Days of the delivery-failure window; contact history is read at least this far back. */
  static final int DELIVERY_WINDOW_DAYS = 30;

  /** Instalments are billed at most this many days before they fall due. */
  static final int STATEMENT_LEAD_DAYS = 62;

  private static final String DAY = "__day";

  /**
   * {@code account_id, region, time_zone, do_not_contact, consent_*}: each account's latest version
   * whose local day (in the account's zone of record) is on or before {@code d}.
   */
  static Dataset<Row> accounts(SparkSession spark, Lake lake, LocalDate d) {
    Dataset<Row> versions = Bronze.table(spark, lake, RawTables.ACCOUNTS);
    Dataset<Row> zones = LocalDays.zones(versions).withColumnRenamed(LocalDays.ZONE, "__zone");
    Column state =
        struct(
            col("updated_at"),
            col(TreatmentPolicy.REGION),
            col(TreatmentPolicy.TIME_ZONE),
            col(TreatmentPolicy.DO_NOT_CONTACT),
            col(TreatmentPolicy.CONSENT_CALL),
            col(TreatmentPolicy.CONSENT_SMS),
            col(TreatmentPolicy.CONSENT_PUSH),
            col(TreatmentPolicy.CONSENT_EMAIL));
    return versions
        .join(zones, "account_id")
        .filter(LocalDays.of(col("updated_at"), col("__zone")).leq(lit(Date.valueOf(d))))
        .groupBy("account_id")
        .agg(max_by(state, col("updated_at")).as("s"))
        .select(
            col("account_id"),
            col("s." + TreatmentPolicy.REGION).as(TreatmentPolicy.REGION),
            col("s." + TreatmentPolicy.TIME_ZONE).as(TreatmentPolicy.TIME_ZONE),
            col("s." + TreatmentPolicy.DO_NOT_CONTACT).as(TreatmentPolicy.DO_NOT_CONTACT),
            col("s." + TreatmentPolicy.CONSENT_CALL).as(TreatmentPolicy.CONSENT_CALL),
            col("s." + TreatmentPolicy.CONSENT_SMS).as(TreatmentPolicy.CONSENT_SMS),
            col("s." + TreatmentPolicy.CONSENT_PUSH).as(TreatmentPolicy.CONSENT_PUSH),
            col("s." + TreatmentPolicy.CONSENT_EMAIL).as(TreatmentPolicy.CONSENT_EMAIL));
  }

  /**
   * {@code account_id, call_attempts_6d, last_conversation_date, undelivered_*_30d}: contacts up to
   * the end of {@code d}, on local days of the account's current zone (the one {@code accounts}
   * gives), read back 30 days or the longest conversation cool-off if longer. The 6 days are
   * d-5..d: with the contact date d+1 they make the 7-day window.
   */
  static Dataset<Row> contactHistory(
      SparkSession spark, Lake lake, LocalDate d, Dataset<Row> accounts, int conversationDays) {
    Column day = col(DAY);
    int lookback = Math.max(DELIVERY_WINDOW_DAYS, conversationDays);
    Column windowStart = lit(Date.valueOf(d.minusDays(DELIVERY_WINDOW_DAYS)));
    Dataset<Row> contacts =
        Bronze.months(spark, lake, RawTables.CONTACTS, d.minusDays(lookback), d)
            .join(accounts.select("account_id", TreatmentPolicy.TIME_ZONE), "account_id")
            .withColumn(DAY, LocalDays.of(col("contact_time"), col(TreatmentPolicy.TIME_ZONE)))
            .filter(
                day.leq(lit(Date.valueOf(d)))
                    .and(day.gt(lit(Date.valueOf(d.minusDays(lookback))))));
    Column call = col("channel").equalTo("CALL");
    Column undelivered = col("outcome").equalTo("UNDELIVERED");
    return contacts
        .groupBy("account_id")
        .agg(
            count(when(call.and(day.geq(lit(Date.valueOf(d.minusDays(5))))), lit(1)))
                .cast("int")
                .as(TreatmentPolicy.CALLS_6D),
            max(when(call.and(col("outcome").isin(ScoringInputs.CONVERSATION_OUTCOMES)), day))
                .as(TreatmentPolicy.LAST_CONVERSATION),
            failures("SMS", undelivered.and(day.gt(windowStart)), TreatmentPolicy.UNDELIVERED_SMS),
            failures(
                "PUSH", undelivered.and(day.gt(windowStart)), TreatmentPolicy.UNDELIVERED_PUSH),
            failures(
                "EMAIL", undelivered.and(day.gt(windowStart)), TreatmentPolicy.UNDELIVERED_EMAIL));
  }

  /** Call outcomes in which the borrower was reached: a conversation, for the cool-off rule. */
  static final Object[] CONVERSATION_OUTCOMES = {"CONNECTED", "PROMISE_TO_PAY", "REFUSED"};

  private static Column failures(String channel, Column undelivered, String as) {
    return count(when(col("channel").equalTo(channel).and(undelivered), lit(1))).cast("int").as(as);
  }

  /** {@code account_id, next_due_date}: the first due date after d of instalments billed by d. */
  static Dataset<Row> nextDue(SparkSession spark, Lake lake, LocalDate d) {
    return Bronze.months(spark, lake, RawTables.INSTALMENTS, d.minusDays(STATEMENT_LEAD_DAYS), d)
        .filter(
            col("statement_date")
                .leq(lit(Date.valueOf(d)))
                .and(col("due_date").gt(lit(Date.valueOf(d)))))
        .groupBy("account_id")
        .agg(min("due_date").as(TreatmentPolicy.NEXT_DUE_DATE));
  }
}
