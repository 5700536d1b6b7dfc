package io.callwise.scoring;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.callwise.common.LocalDays;
import io.callwise.contract.Codes;
import io.callwise.contract.Codes.Channel;
import io.callwise.contract.Codes.ContactOutcome;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.TreatmentPolicy;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the policy needs beyond the features, derived from the bronze rows as known at the end of
 * the score date: each account's current contact settings, its recent contact history (call caps,
 * conversations, channel failures) and its next due date. Pure transformations of the rows they are
 * given; {@link #contactsFrom} and {@link #instalmentsFrom} say how far back the caller must read.
 */
public final class PolicyInputs {

  private PolicyInputs() {}

  /** Days of the delivery-failure window; contact history is read at least this far back. */
  public static final int DELIVERY_WINDOW_DAYS = 30;

  /** Instalments are billed at most this many days before they fall due. */
  public static final int STATEMENT_LEAD_DAYS = 62;

  private static final String DAY = "__day";
  private static final String ZONE = "__zone";

  /** The first day of contact rows {@link #contactHistory} needs for score date {@code d}. */
  public static LocalDate contactsFrom(LocalDate d, PolicySettings policy) {
    return d.minusDays(lookbackDays(policy));
  }

  /** The first statement date {@link #nextDue} needs for score date {@code d}. */
  public static LocalDate instalmentsFrom(LocalDate d) {
    return d.minusDays(STATEMENT_LEAD_DAYS);
  }

  private static int lookbackDays(PolicySettings policy) {
    return Math.max(DELIVERY_WINDOW_DAYS, policy.longestConversationCoolOffDays());
  }

  /**
   * {@code account_id, region, time_zone, do_not_contact, consent_*}: from the account versions,
   * each account's latest whose local day (in the account's zone of record) is on or before {@code
   * d}.
   */
  public static Dataset<Row> accounts(Dataset<Row> versions, LocalDate d) {
    Dataset<Row> zones = LocalDays.zones(versions).withColumnRenamed(LocalDays.ZONE, ZONE);
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
        .join(zones, TreatmentPolicy.ACCOUNT_ID)
        .filter(LocalDays.of(col("updated_at"), col(ZONE)).leq(lit(Date.valueOf(d))))
        .groupBy(TreatmentPolicy.ACCOUNT_ID)
        .agg(max_by(state, col("updated_at")).as("s"))
        .select(
            col(TreatmentPolicy.ACCOUNT_ID),
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
   * the end of {@code d}, on local days of the account's current zone (the one {@link #accounts}
   * gives), back to {@link #contactsFrom}. The 6 days are d-5..d: with the contact date d+1 they
   * make the 7-day window.
   */
  public static Dataset<Row> contactHistory(
      Dataset<Row> contacts, Dataset<Row> accounts, LocalDate d, PolicySettings policy) {
    Column day = col(DAY);
    int lookback = lookbackDays(policy);
    Column windowStart = lit(Date.valueOf(d.minusDays(DELIVERY_WINDOW_DAYS)));
    Dataset<Row> recent =
        contacts
            .join(
                accounts.select(TreatmentPolicy.ACCOUNT_ID, TreatmentPolicy.TIME_ZONE),
                TreatmentPolicy.ACCOUNT_ID)
            .withColumn(DAY, LocalDays.of(col("contact_time"), col(TreatmentPolicy.TIME_ZONE)))
            .filter(
                day.leq(lit(Date.valueOf(d)))
                    .and(day.gt(lit(Date.valueOf(d.minusDays(lookback))))));
    Column call = col("channel").equalTo(Channel.CALL.name());
    Column undelivered =
        col("outcome").equalTo(ContactOutcome.UNDELIVERED.name()).and(day.gt(windowStart));
    return recent
        .groupBy(TreatmentPolicy.ACCOUNT_ID)
        .agg(
            count(when(call.and(day.geq(lit(Date.valueOf(d.minusDays(5))))), lit(1)))
                .cast("int")
                .as(TreatmentPolicy.CALLS_6D),
            max(when(call.and(col("outcome").isin(Codes.of(ContactOutcome.CONVERSATIONS))), day))
                .as(TreatmentPolicy.LAST_CONVERSATION),
            failures(Channel.SMS.name(), undelivered, TreatmentPolicy.UNDELIVERED_SMS),
            failures(Channel.PUSH.name(), undelivered, TreatmentPolicy.UNDELIVERED_PUSH),
            failures(Channel.EMAIL.name(), undelivered, TreatmentPolicy.UNDELIVERED_EMAIL));
  }

  private static Column failures(String channel, Column undelivered, String as) {
    return count(when(col("channel").equalTo(channel).and(undelivered), lit(1))).cast("int").as(as);
  }

  /** {@code account_id, next_due_date}: the first due date after d of instalments billed by d. */
  public static Dataset<Row> nextDue(Dataset<Row> instalments, LocalDate d) {
    return instalments
        .filter(
            col("statement_date")
                .leq(lit(Date.valueOf(d)))
                .and(col("due_date").gt(lit(Date.valueOf(d)))))
        .groupBy(TreatmentPolicy.ACCOUNT_ID)
        .agg(min("due_date").as(TreatmentPolicy.NEXT_DUE_DATE));
  }

  /**
   * The policy's input: scored accounts with their settings, contact history and next due date (an
   * account without contacts has made no call attempt).
   */
  public static Dataset<Row> join(
      Dataset<Row> scored, Dataset<Row> accounts, Dataset<Row> history, Dataset<Row> nextDue) {
    String[] key = {TreatmentPolicy.ACCOUNT_ID};
    return scored
        .join(accounts, key, "left")
        .join(history, key, "left")
        .join(nextDue, key, "left")
        .withColumn(TreatmentPolicy.CALLS_6D, coalesce(col(TreatmentPolicy.CALLS_6D), lit(0)));
  }
}
