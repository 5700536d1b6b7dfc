package io.callwise.scoring;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.Codes;
import io.callwise.contract.Codes.Channel;
import io.callwise.contract.Codes.ContactOutcome;
import io.callwise.policy.ContactRules;
import io.callwise.policy.PolicyReason;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.ScoringTables;
import io.callwise.policy.Treatment;
import io.callwise.policy.TreatmentPolicy;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * A check of a date's decisions against the rules, recomputed from the bronze rows rather than from
 * the features and the policy's own inputs: consent and do-not-contact from the account versions,
 * suppressions from the arrangement and complaint rows, call caps and conversations from the
 * contact rows, windows by converting them back to local time, capacity and exact top-K from the
 * decisions themselves. Every rule is a flag on a decision row (or on an open account without one);
 * the flags are counted in one aggregation by call pool, and the pool rules read the same
 * aggregate. Returns the violating rows per rule (aggregates only).
 */
public final class DecisionAudit {

  private DecisionAudit() {}

  /**
   * The bronze rows the audit re-derives the rules from: the open accounts of the date ({@code
   * account_id}), every account version, the arrangements, the complaints, and the contacts since
   * {@link #contactsFrom}.
   */
  public record Inputs(
      Dataset<Row> openAccounts,
      Dataset<Row> accountVersions,
      Dataset<Row> arrangements,
      Dataset<Row> complaints,
      Dataset<Row> contacts) {}

  /** The first day of contact rows the audit of score date {@code d} reads. */
  public static LocalDate contactsFrom(LocalDate d) {
    return d.minusDays(10);
  }

  private static final String T = TreatmentPolicy.TREATMENT;
  private static final String ID = TreatmentPolicy.ACCOUNT_ID;
  private static final String DECIDED = "__decided";
  private static final String OPEN = "__open";
  private static final String POOL = "__pool";

  public static Map<AuditRule, Long> check(
      Inputs in, LocalDate d, PolicySettings p, Dataset<Row> decisions) {
    Column day = lit(Date.valueOf(d));
    LocalDate c = d.plusDays(1);
    Column call = col(T).equalTo(Treatment.CALL.name());
    Column callOrMessage = col(T).isin(Treatment.CALL.name(), Treatment.MESSAGE.name());
    Column contact =
        col(T).isin(Treatment.CALL.name(), Treatment.MESSAGE.name(), Treatment.ESCALATE.name());

    // Account settings at D: the latest version known by the end of D in its own zone.
    Dataset<Row> accounts =
        in.accountVersions()
            .filter(to_date(from_utc_timestamp(col("updated_at"), col("time_zone"))).leq(day))
            .withColumn(
                "__n", row_number().over(Window.partitionBy(ID).orderBy(col("updated_at").desc())))
            .filter(col("__n").equalTo(1))
            .select(
                col(ID),
                col("time_zone").as("a_zone"),
                col("do_not_contact").as("a_dnc"),
                col("consent_call").as("a_call"),
                col("consent_sms").as("a_sms"),
                col("consent_push").as("a_push"),
                col("consent_email").as("a_email"));
    Dataset<Row> zones = accounts.select(ID, "a_zone");

    // Arrangements in force at D.
    Dataset<Row> arrangements =
        in.arrangements()
            .join(zones, ID)
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
            .select(ID)
            .distinct()
            .withColumn("__arrangement", lit(true));

    // Complaints open at D or raised in the cool-off days before the contact date.
    int coolOff = p.suppress().complaintCoolOffDays();
    Dataset<Row> complaints =
        in.complaints()
            .join(zones, ID)
            .withColumn("__opened", to_date(from_utc_timestamp(col("opened_at"), col("a_zone"))))
            .withColumn(
                "__resolved", to_date(from_utc_timestamp(col("resolved_at"), col("a_zone"))))
            .filter(col("__opened").leq(day))
            .filter(
                col("__resolved")
                    .isNull()
                    .or(col("__resolved").gt(day))
                    .or(col("__opened").geq(lit(Date.valueOf(c.minusDays(coolOff - 1))))))
            .select(ID)
            .distinct()
            .withColumn("__complaint", lit(true));

    // Calls of the 6 days before the contact date, on local days of the decision's zone.
    Dataset<Row> calls =
        in.contacts()
            .filter(col("channel").equalTo(Channel.CALL.name()))
            .join(decisions.filter(call).select(ID, TreatmentPolicy.TIME_ZONE).distinct(), ID)
            .withColumn(
                "__day",
                to_date(from_utc_timestamp(col("contact_time"), col(TreatmentPolicy.TIME_ZONE))))
            .filter(col("__day").geq(lit(Date.valueOf(c.minusDays(6)))).and(col("__day").leq(day)))
            .groupBy(ID)
            .agg(
                count(lit(1)).as("__past"),
                max(when(col("outcome").isin(Codes.of(ContactOutcome.CONVERSATIONS)), col("__day")))
                    .as("__talk"));

    String[] key = {ID};
    Dataset<Row> rows =
        decisions
            .withColumn(DECIDED, lit(true))
            .join(in.openAccounts().select(ID).distinct().withColumn(OPEN, lit(true)), key, "full")
            .join(accounts, key, "left")
            .join(arrangements, key, "left")
            .join(complaints, key, "left")
            .join(calls, key, "left")
            .withColumn(
                "__nth",
                row_number().over(Window.partitionBy(ID).orderBy(col(DECIDED).asc_nulls_last())))
            .withColumn(POOL, when(call, col(TreatmentPolicy.CALL_POOL)).otherwise(poolExpr(p)));

    Column decided = col(DECIDED).isNotNull();
    Column channelConsent =
        when(col("channel").equalTo(Channel.CALL.name()), col("a_call"))
            .when(col("channel").equalTo(Channel.SMS.name()), col("a_sms"))
            .when(col("channel").equalTo(Channel.PUSH.name()), col("a_push"))
            .when(col("channel").equalTo(Channel.EMAIL.name()), col("a_email"))
            .otherwise(lit(true));
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
    PolicySettings.Escalate e = p.escalate();
    Column escalateOk =
        col(TreatmentPolicy.ACCOUNT_STATUS)
            .isin(e.statuses().toArray())
            .or(
                col(TreatmentPolicy.DPD)
                    .geq(e.minDpd())
                    .and(col(TreatmentPolicy.OVERDUE).gt(e.minOverdueAmount())));
    Column attempts = col(TreatmentPolicy.ATTEMPTS_REMAINING);

    Map<AuditRule, Column> flags = new EnumMap<>(AuditRule.class);
    flags.put(
        AuditRule.ONE_DECISION_PER_OPEN_ACCOUNT,
        not(decided).or(col(OPEN).isNull()).or(col("__nth").gt(1)));
    flags.put(
        AuditRule.CALL_OR_MESSAGE_WITHOUT_CHANNEL_CONSENT,
        callOrMessage.and(channelConsent.equalTo(false)));
    flags.put(AuditRule.CONTACT_DESPITE_DO_NOT_CONTACT, contact.and(col("a_dnc")));
    flags.put(
        AuditRule.CONTACT_DURING_DISPUTE_LEGAL_HOLD_HARDSHIP_OR_HOLIDAY,
        contact.and(col("__arrangement").isNotNull()));
    flags.put(AuditRule.CONTACT_DURING_COMPLAINT, contact.and(col("__complaint").isNotNull()));
    flags.put(
        AuditRule.CONTACT_WINDOW_OUTSIDE_ALLOWED_HOURS,
        callOrMessage.and(hoursOk.isNull().or(not(hoursOk))));
    flags.put(
        AuditRule.CALL_OVER_7_IN_7,
        call.and(
            col("__past")
                .plus(greatest(attempts, lit(1)))
                .gt(byRegion(p, ContactRules::maxCalls7d))));
    flags.put(
        AuditRule.CALL_WITHIN_CONVERSATION_COOL_OFF,
        call.and(
            datediff(lit(Date.valueOf(c)), col("__talk"))
                .plus(1)
                .leq(byRegion(p, ContactRules::conversationCoolOffDays))));
    flags.put(
        AuditRule.CALL_ATTEMPTS_OVER_DAILY_CAP,
        call.and(
            attempts.gt(byRegion(p, ContactRules::maxUnansweredCallsPerDay)).or(attempts.lt(1))));
    flags.put(
        AuditRule.ESCALATION_WITHOUT_CAUSE,
        col(T).equalTo(Treatment.ESCALATE.name()).and(not(escalateOk)));
    flags.put(
        AuditRule.MORE_THAN_3_REASON_CODES,
        decided.and(size(col(ScoringTables.REASONS)).gt(Scoring.REASON_CODES)));

    List<Column> aggregates = new ArrayList<>();
    flags.forEach(
        (rule, flag) ->
            aggregates.add(
                sum(when(coalesce(flag, lit(false)), 1L).otherwise(0L)).as(rule.name())));
    aggregates.add(sum(when(call, 1L).otherwise(0L)).as("__calls"));
    aggregates.add(min(when(call, col(TreatmentPolicy.PRIORITY))).as("__lowest_call"));
    aggregates.add(
        max(when(
                not(call)
                    .and(
                        col(TreatmentPolicy.POLICY_REASON)
                            .isin(
                                PolicyReason.CAPACITY_OVERFLOW.code(),
                                PolicyReason.CAPACITY_OVERFLOW_NO_CONTACT.code())),
                col(TreatmentPolicy.PRIORITY)))
            .as("__highest_overflow"));

    Map<AuditRule, Long> out = new EnumMap<>(AuditRule.class);
    for (AuditRule rule : AuditRule.values()) {
      out.put(rule, 0L);
    }
    List<Row> pools =
        rows.groupBy(col(POOL))
            .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .collectAsList();
    for (Row r : pools) {
      flags.keySet().forEach(rule -> out.merge(rule, r.<Long>getAs(rule.name()), Long::sum));
      long called = r.<Long>getAs("__calls");
      if (r.isNullAt(0)) {
        continue;
      }
      long capacity = p.capacity().calls(r.getString(0));
      out.merge(AuditRule.CALLS_OVER_CAPACITY, Math.max(0, called - capacity), Long::sum);
      boolean overflow = !r.isNullAt(r.fieldIndex("__highest_overflow"));
      boolean anyCall = !r.isNullAt(r.fieldIndex("__lowest_call"));
      if (overflow
          && (called < capacity
              || (anyCall
                  && r.<Double>getAs("__highest_overflow") > r.<Double>getAs("__lowest_call")))) {
        out.merge(AuditRule.CALLS_NOT_THE_TOP_PRIORITY_OF_THEIR_POOL, 1L, Long::sum);
      }
    }
    return out;
  }

  private static Column poolExpr(PolicySettings p) {
    return switch (p.capacity().poolBy()) {
      case NONE -> lit(TreatmentPolicy.SINGLE_POOL);
      case REGION -> col(TreatmentPolicy.REGION);
      case TIME_ZONE -> col(TreatmentPolicy.TIME_ZONE);
    };
  }

  private static Column byRegion(PolicySettings p, Function<ContactRules, Object> f) {
    Column out = lit(f.apply(p.defaultRules()));
    for (var e : p.regionRules().entrySet()) {
      out =
          when(col(TreatmentPolicy.REGION).equalTo(e.getKey()), lit(f.apply(e.getValue())))
              .otherwise(out);
    }
    return out;
  }

  /** Renders the check: one line per rule. */
  public static String render(Map<AuditRule, Long> violations) {
    StringBuilder b = new StringBuilder();
    long total = violations.values().stream().mapToLong(Long::longValue).sum();
    b.append("  rule check: ")
        .append(total == 0 ? "no decision breaks a rule" : total + " violations")
        .append('\n');
    violations.forEach(
        (rule, n) -> b.append(String.format(Locale.ROOT, "    %-55s %d%n", rule.code(), n)));
    return b.toString();
  }
}
