package io.callwise.jobs.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.RawTables;
import io.callwise.features.Snapshots;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.Lake;
import io.callwise.policy.ContactRules;
import io.callwise.policy.PolicyReason;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.TreatmentPolicy;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * A check of a date's decisions against the rules, recomputed from bronze rather than from the
 * features and the policy's own inputs: consent and do-not-contact from the account versions,
 * suppressions from the arrangement and complaint rows, call caps and conversations from the
 * contact rows, windows by converting them back to local time, capacity and exact top-K from the
 * decisions themselves. Returns the number of violating rows per rule (aggregates only).
 */
public final class DecisionAudit {

  private DecisionAudit() {}

  private static final String T = TreatmentPolicy.TREATMENT;

  public static Map<String, Long> check(
      SparkSession spark, Lake lake, LocalDate d, PolicySettings p, Dataset<Row> decisions) {
    Map<String, Long> out = new LinkedHashMap<>();
    Column day = lit(Date.valueOf(d));
    LocalDate c = d.plusDays(1);
    Column contact =
        col(T).isin(TreatmentPolicy.CALL, TreatmentPolicy.MESSAGE, TreatmentPolicy.ESCALATE);
    Column call = col(T).equalTo(TreatmentPolicy.CALL);

    // Every open account once.
    Dataset<Row> open =
        spark
            .read()
            .format("delta")
            .load(lake.features())
            .filter(col(Snapshots.AS_OF_DATE).equalTo(day))
            .select("account_id");
    Row n = decisions.agg(count(lit(1)), countDistinct(col("account_id"))).first();
    out.put(
        AuditRule.ONE_DECISION_PER_OPEN_ACCOUNT.code(),
        (n.getLong(0) - n.getLong(1))
            + open.join(decisions, List.of("account_id").toArray(String[]::new), "left_anti")
                .count()
            + decisions.join(open, new String[] {"account_id"}, "left_anti").count());

    // Account settings at D: the latest version known by the end of D in its own zone.
    Dataset<Row> accounts =
        Bronze.table(spark, lake, RawTables.ACCOUNTS)
            .filter(to_date(from_utc_timestamp(col("updated_at"), col("time_zone"))).leq(day))
            .withColumn(
                "__n",
                row_number()
                    .over(Window.partitionBy("account_id").orderBy(col("updated_at").desc())))
            .filter(col("__n").equalTo(1))
            .select(
                col("account_id"),
                col("time_zone").as("a_zone"),
                col("do_not_contact").as("a_dnc"),
                col("consent_call").as("a_call"),
                col("consent_sms").as("a_sms"),
                col("consent_push").as("a_push"),
                col("consent_email").as("a_email"));
    Dataset<Row> withAccount = decisions.join(accounts, new String[] {"account_id"}, "left");
    Column channelConsent =
        when(col("channel").equalTo("CALL"), col("a_call"))
            .when(col("channel").equalTo("SMS"), col("a_sms"))
            .when(col("channel").equalTo("PUSH"), col("a_push"))
            .when(col("channel").equalTo("EMAIL"), col("a_email"))
            .otherwise(lit(true));
    out.put(
        AuditRule.CALL_OR_MESSAGE_WITHOUT_CHANNEL_CONSENT.code(),
        withAccount
            .filter(
                col(T)
                    .isin(TreatmentPolicy.CALL, TreatmentPolicy.MESSAGE)
                    .and(channelConsent.equalTo(false)))
            .count());
    out.put(
        AuditRule.CONTACT_DESPITE_DO_NOT_CONTACT.code(),
        withAccount.filter(contact.and(col("a_dnc"))).count());

    // Arrangements in force at D.
    Dataset<Row> arrangements =
        Bronze.table(spark, lake, RawTables.ARRANGEMENTS)
            .join(accounts.select("account_id", "a_zone"), "account_id")
            .filter(
                to_date(from_utc_timestamp(col("created_at"), col("a_zone")))
                    .leq(day)
                    .and(col("start_date").leq(day))
                    .and(col("end_date").isNull().or(col("end_date").geq(day)))
                    .and(
                        col("closed_at")
                            .isNull()
                            .or(
                                to_date(from_utc_timestamp(col("closed_at"), col("a_zone")))
                                    .gt(day))))
            .select(col("account_id"), col("arrangement_type"));
    out.put(
        AuditRule.CONTACT_DURING_DISPUTE_LEGAL_HOLD_HARDSHIP_OR_HOLIDAY.code(),
        decisions
            .filter(contact)
            .join(arrangements, "account_id")
            .select("account_id")
            .distinct()
            .count());

    // Complaints open at D or raised in the cool-off days before the contact date.
    int coolOff = p.suppress().complaintCoolOffDays();
    Dataset<Row> complaints =
        Bronze.table(spark, lake, RawTables.COMPLAINTS)
            .join(accounts.select("account_id", "a_zone"), "account_id")
            .withColumn("__opened", to_date(from_utc_timestamp(col("opened_at"), col("a_zone"))))
            .withColumn(
                "__resolved", to_date(from_utc_timestamp(col("resolved_at"), col("a_zone"))))
            .filter(col("__opened").leq(day))
            .filter(
                col("__resolved")
                    .isNull()
                    .or(col("__resolved").gt(day))
                    .or(col("__opened").geq(lit(Date.valueOf(c.minusDays(coolOff - 1))))));
    out.put(
        AuditRule.CONTACT_DURING_COMPLAINT.code(),
        decisions
            .filter(contact)
            .join(complaints.select("account_id").distinct(), "account_id")
            .count());

    // Windows: on the contact date, inside the region's hours and never 22:00-08:00.
    Column localStart =
        from_utc_timestamp(col(TreatmentPolicy.WINDOW_START), col(TreatmentPolicy.TIME_ZONE));
    Column localEnd =
        from_utc_timestamp(col(TreatmentPolicy.WINDOW_END), col(TreatmentPolicy.TIME_ZONE));
    Column hoursOk =
        to_date(localStart)
            .equalTo(lit(Date.valueOf(c)))
            .and(to_date(localEnd).equalTo(lit(Date.valueOf(c))))
            .and(date_format(localStart, "HH:mm").geq(ContactRules.EARLIEST.toString()))
            .and(date_format(localEnd, "HH:mm").leq(ContactRules.LATEST.toString()))
            .and(localStart.lt(localEnd))
            .and(
                date_format(localStart, "HH:mm")
                    .equalTo(byRegion(p, r -> r.callStart().toString())))
            .and(date_format(localEnd, "HH:mm").equalTo(byRegion(p, r -> r.callEnd().toString())));
    out.put(
        AuditRule.CONTACT_WINDOW_OUTSIDE_ALLOWED_HOURS.code(),
        decisions
            .filter(
                col(T)
                    .isin(TreatmentPolicy.CALL, TreatmentPolicy.MESSAGE)
                    .and(hoursOk.isNull().or(hoursOk.unary_$bang())))
            .count());

    // Call caps from the contact rows of the 6 days before the contact date.
    Dataset<Row> calls =
        Bronze.months(spark, lake, RawTables.CONTACTS, d.minusDays(10), d)
            .filter(col("channel").equalTo("CALL"))
            .join(
                decisions
                    .filter(call)
                    .select(
                        "account_id",
                        TreatmentPolicy.TIME_ZONE,
                        TreatmentPolicy.REGION,
                        TreatmentPolicy.ATTEMPTS_REMAINING),
                "account_id")
            .withColumn(
                "__day",
                to_date(from_utc_timestamp(col("contact_time"), col(TreatmentPolicy.TIME_ZONE))))
            .filter(col("__day").geq(lit(Date.valueOf(c.minusDays(6)))).and(col("__day").leq(day)));
    Dataset<Row> perAccount =
        calls
            .groupBy("account_id", TreatmentPolicy.REGION, TreatmentPolicy.ATTEMPTS_REMAINING)
            .agg(
                count(lit(1)).as("__past"),
                max(when(
                        col("outcome").isin("CONNECTED", "PROMISE_TO_PAY", "REFUSED"),
                        col("__day")))
                    .as("__talk"));
    Column cap = byRegion(p, ContactRules::maxCalls7d);
    out.put(
        AuditRule.CALL_OVER_7_IN_7.code(),
        perAccount
            .filter(
                col("__past")
                    .plus(greatest(col(TreatmentPolicy.ATTEMPTS_REMAINING), lit(1)))
                    .gt(cap))
            .count());
    Column coolDays = byRegion(p, ContactRules::conversationCoolOffDays);
    out.put(
        AuditRule.CALL_WITHIN_CONVERSATION_COOL_OFF.code(),
        perAccount
            .filter(
                org.apache
                    .spark
                    .sql
                    .functions
                    .datediff(lit(Date.valueOf(c)), col("__talk"))
                    .plus(1)
                    .leq(coolDays))
            .count());
    out.put(
        AuditRule.CALL_ATTEMPTS_OVER_DAILY_CAP.code(),
        decisions
            .filter(
                call.and(
                    col(TreatmentPolicy.ATTEMPTS_REMAINING)
                        .gt(byRegion(p, ContactRules::maxUnansweredCallsPerDay))
                        .or(call.and(col(TreatmentPolicy.ATTEMPTS_REMAINING).lt(1)))))
            .count());

    // Capacity per pool; no overflow above the lowest call of its pool, nor capacity left unused
    // while some overflow.
    Dataset<Row> poolOf =
        decisions.withColumn(
            "__pool", when(call, col(TreatmentPolicy.CALL_POOL)).otherwise(poolExpr(p)));
    Dataset<Row> byPool =
        poolOf
            .filter(
                call.or(
                    col(TreatmentPolicy.POLICY_REASON)
                        .equalTo(PolicyReason.CAPACITY_OVERFLOW.code())))
            .groupBy("__pool")
            .agg(
                sum(when(call, 1).otherwise(0)).as("calls"),
                min(when(call, col(TreatmentPolicy.PRIORITY))).as("lowest_call"),
                max(when(call.unary_$bang(), col(TreatmentPolicy.PRIORITY)))
                    .as("highest_overflow"));
    long over = 0;
    long notTopK = 0;
    for (Row r : byPool.collectAsList()) {
      over += Math.max(0, r.getLong(1) - p.capacity().calls(r.getString(0)));
      boolean overflow = !r.isNullAt(3);
      long calls2 = r.getLong(1);
      if (overflow
          && (calls2 < p.capacity().calls(r.getString(0))
              || (!r.isNullAt(2) && r.getDouble(3) > r.getDouble(2)))) {
        notTopK++;
      }
    }
    out.put(AuditRule.CALLS_OVER_CAPACITY.code(), over);
    out.put(AuditRule.CALLS_NOT_THE_TOP_PRIORITY_OF_THEIR_POOL.code(), notTopK);

    PolicySettings.Escalate e = p.escalate();
    Column escalateOk =
        col(TreatmentPolicy.ACCOUNT_STATUS)
            .isin(e.statuses().toArray())
            .or(
                col(TreatmentPolicy.DPD)
                    .geq(e.minDpd())
                    .and(col(TreatmentPolicy.OVERDUE).gt(e.minOverdueAmount())));
    out.put(
        AuditRule.ESCALATION_WITHOUT_CAUSE.code(),
        decisions
            .filter(col(T).equalTo(TreatmentPolicy.ESCALATE).and(escalateOk.unary_$bang()))
            .count());
    out.put(
        AuditRule.MORE_THAN_3_REASON_CODES.code(),
        decisions.filter(size(col("reasons")).gt(ScoreJob.REASON_CODES)).count());
    return out;
  }

  private static Column poolExpr(PolicySettings p) {
    return switch (p.capacity().poolBy()) {
      case NONE -> lit("ALL");
      case REGION -> col(TreatmentPolicy.REGION);
      case TIME_ZONE -> col(TreatmentPolicy.TIME_ZONE);
    };
  }

  private static Column byRegion(
      PolicySettings p, java.util.function.Function<ContactRules, Object> f) {
    Column out = lit(f.apply(p.defaultRules()));
    for (var e : p.regionRules().entrySet()) {
      out =
          when(col(TreatmentPolicy.REGION).equalTo(e.getKey()), lit(f.apply(e.getValue())))
              .otherwise(out);
    }
    return out;
  }

  /** Renders the check: one line per rule. */
  public static String render(Map<String, Long> violations) {
    StringBuilder b = new StringBuilder();
    long total = violations.values().stream().mapToLong(Long::longValue).sum();
    b.append("  rule check: ")
        .append(total == 0 ? "no decision breaks a rule" : total + " violations")
        .append('\n');
    violations.forEach(
        (k, v) -> b.append(String.format(java.util.Locale.ROOT, "    %-55s %d%n", k, v)));
    return b.toString();
  }
}
