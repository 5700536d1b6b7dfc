package io.callwise.policy;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_timestamp;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.callwise.contract.Codes.AccountStatus;
import io.callwise.contract.Codes.Channel;
import io.callwise.delinquency.Bucket;
import java.sql.Date;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The treatment policy as one Dataset transformation: from each account's scored state on the score
 * date to its decision for the contact date (the next day) — expected loss, tier, treatment,
 * channel, policy reason, rank in its queue, allowed contact window in UTC and call attempts left.
 *
 * <p>Rules, first match wins: SUPPRESS (no collection contact allowed), ESCALATE (legal letter or
 * agency), then for delinquent accounts grace-period and message-first messages, self-cure (NONE),
 * compliance blocks (message instead), and call candidates, ranked by priority per pool and called
 * up to the pool's capacity (MESSAGE beyond it); current accounts get a reminder before the next
 * due date when their early-warning PD is high, NONE otherwise.
 */
public final class TreatmentPolicy {

  private TreatmentPolicy() {}

  // Inputs: one row per account on the score date.
  public static final String ACCOUNT_ID = "account_id";
  public static final String REGION = "region";
  public static final String TIME_ZONE = "time_zone";
  public static final String ACCOUNT_STATUS = "account_status";
  public static final String DO_NOT_CONTACT = "do_not_contact";
  public static final String CONSENT_CALL = "consent_call";
  public static final String CONSENT_SMS = "consent_sms";
  public static final String CONSENT_PUSH = "consent_push";
  public static final String CONSENT_EMAIL = "consent_email";
  public static final String DPD = "dpd_current";
  public static final String DPD_BUCKET = "dpd_bucket";
  public static final String OVERDUE = "overdue_amount";
  public static final String OUTSTANDING = "outstanding_balance";
  public static final String CREDIT_LIMIT = "credit_limit";
  public static final String STATEMENT_BALANCE = "statement_balance_last";
  public static final String PRINCIPAL_OUTSTANDING = "loan_principal_outstanding";
  public static final String INTERNAL_SCORE = "internal_score";
  public static final String DISPUTE = "dispute_open";
  public static final String LEGAL_HOLD = "legal_hold_active";
  public static final String HARDSHIP = "hardship_plan_active";
  public static final String HOLIDAY = "payment_holiday_active";
  public static final String OPEN_COMPLAINTS = "open_complaints";
  public static final String DAYS_SINCE_COMPLAINT = "days_since_last_complaint";
  public static final String NEXT_DUE_DATE = "next_due_date";
  public static final String CALLS_6D = "call_attempts_6d";
  public static final String LAST_CONVERSATION = "last_conversation_date";
  public static final String UNDELIVERED_SMS = "undelivered_sms_30d";
  public static final String UNDELIVERED_PUSH = "undelivered_push_30d";
  public static final String UNDELIVERED_EMAIL = "undelivered_email_30d";
  public static final String PD = "pd";

  /** Every column {@link #decide} reads. */
  public static final List<String> INPUTS =
      List.of(
          ACCOUNT_ID,
          REGION,
          TIME_ZONE,
          ACCOUNT_STATUS,
          DO_NOT_CONTACT,
          CONSENT_CALL,
          CONSENT_SMS,
          CONSENT_PUSH,
          CONSENT_EMAIL,
          DPD,
          DPD_BUCKET,
          OVERDUE,
          OUTSTANDING,
          CREDIT_LIMIT,
          STATEMENT_BALANCE,
          PRINCIPAL_OUTSTANDING,
          INTERNAL_SCORE,
          DISPUTE,
          LEGAL_HOLD,
          HARDSHIP,
          HOLIDAY,
          OPEN_COMPLAINTS,
          DAYS_SINCE_COMPLAINT,
          NEXT_DUE_DATE,
          CALLS_6D,
          LAST_CONVERSATION,
          UNDELIVERED_SMS,
          UNDELIVERED_PUSH,
          UNDELIVERED_EMAIL,
          PD);

  // Outputs.
  public static final String CONTACT_DATE = "contact_date";
  public static final String EXPOSURE = "exposure";
  public static final String LGD = "lgd";
  public static final String EXPECTED_LOSS = "expected_loss";
  public static final String PRIORITY = "priority_score";
  public static final String TIER = "tier";
  public static final String TREATMENT = "treatment";
  public static final String CHANNEL = "channel";
  public static final String POLICY_REASON = "policy_reason";
  public static final String CALL_POOL = "call_pool";
  public static final String CALL_CAPACITY = "call_capacity";
  public static final String QUEUE = "queue";
  public static final String QUEUE_POSITION = "queue_position";
  public static final String WINDOW_START = "window_start_utc";
  public static final String WINDOW_END = "window_end_utc";
  public static final String ATTEMPTS_REMAINING = "call_attempts_remaining";
  public static final String POLICY_VERSION = "policy_version";
  public static final String ALLOCATION = "allocation";
  public static final String VALUE_CALL = "value_call";
  public static final String VALUE_MESSAGE = "value_message";
  public static final String VALUE_NONE = "value_none";
  public static final String VALUE_INCREMENT = "value_increment";

  /**
   * Inputs of {@link PolicySettings.Allocation#INCREMENTAL_VALUE}: the probability that the overdue
   * amount is paid within the treatment-effect model's horizon, under each treatment.
   */
  public static final String P_CALL = "p_call";

  public static final String P_MESSAGE = "p_message";
  public static final String P_NONE = "p_none";

  /** Treatments. */
  public static final String SUPPRESS = Treatment.SUPPRESS.name();

  public static final String ESCALATE = Treatment.ESCALATE.name();
  public static final String CALL = Treatment.CALL.name();
  public static final String MESSAGE = Treatment.MESSAGE.name();
  public static final String NONE = Treatment.NONE.name();

  /** Channel of escalated accounts: the legal-letter / agency placement queue. */
  public static final String ESCALATION = "ESCALATION";

  /** The call pool when the floor is not split ({@code pool-by = none}). */
  public static final String SINGLE_POOL = "ALL";

  /** The call pool of an account without the region or zone its floor is split by. */
  public static final String UNKNOWN_POOL = "UNKNOWN";

  private static final String CANDIDATE = "__call_candidate";
  private static final String CALL_RANK = "__call_rank";
  private static final String PRE_TREATMENT = "__pre_treatment";
  private static final String PRE_REASON = "__pre_reason";
  private static final String MESSAGE_CHANNEL = "__message_channel";

  /** A decision set; close it once its rows are written (it releases the ranked copies). */
  public record Decisions(
      Dataset<Row> rows, DistributedRank.Ranked calls, DistributedRank.Ranked queues)
      implements AutoCloseable {
    @Override
    public void close() {
      queues.close();
      calls.close();
    }
  }

  /** The priority order: expected loss, then PD, then account id (total, so ranks are stable). */
  public static Column[] priorityOrder() {
    return new Column[] {
      col(PRIORITY).desc_nulls_last(), col(PD).desc_nulls_last(), col(ACCOUNT_ID).asc()
    };
  }

  /**
   * Exposure at default: the billed-and-unpaid amount (at least the overdue); for a revolving
   * account with a statement, at least its statement balance, plus the conversion factor of its
   * undrawn limit while the line is ACTIVE; for an instalment loan whose schedule carries it, plus
   * the principal its latest instalment leaves outstanding.
   */
  static Column exposure(PolicySettings.Exposure e) {
    Column billed =
        greatest(coalesce(col(OUTSTANDING), lit(0.0)), coalesce(col(OVERDUE), lit(0.0)));
    Column drawn = greatest(billed, coalesce(col(STATEMENT_BALANCE), lit(0.0)));
    Column undrawn =
        when(
                col(ACCOUNT_STATUS).equalTo(AccountStatus.ACTIVE.name()),
                greatest(coalesce(col(CREDIT_LIMIT), lit(0.0)).minus(drawn), lit(0.0)))
            .otherwise(lit(0.0));
    return when(col(STATEMENT_BALANCE).isNotNull(), drawn.plus(undrawn.multiply(e.ccf())))
        .when(col(PRINCIPAL_OUTSTANDING).isNotNull(), billed.plus(col(PRINCIPAL_OUTSTANDING)))
        .otherwise(billed);
  }

  public static Decisions decide(Dataset<Row> in, PolicySettings s, LocalDate scoreDate) {
    List<String> missing =
        INPUTS.stream().filter(c -> !Arrays.asList(in.columns()).contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("policy input lacks columns " + missing);
    }
    PolicySettings.Strategy strategy = s.strategy();
    boolean byValue = strategy.allocation() == PolicySettings.Allocation.INCREMENTAL_VALUE;
    if (byValue) {
      List<String> lacking =
          List.of(P_CALL, P_MESSAGE, P_NONE).stream()
              .filter(c -> !Arrays.asList(in.columns()).contains(c))
              .toList();
      if (!lacking.isEmpty()) {
        throw new IllegalArgumentException(
            "allocation incremental-value needs the treatment-effect probabilities "
                + lacking
                + ". Fix: train and promote a treatment-effect model (callwise train-uplift,"
                + " callwise promote) or set callwise.policy.strategy.allocation ="
                + " expected-loss.");
      }
    }
    LocalDate contactDate = scoreDate.plusDays(1);
    Column c = lit(Date.valueOf(contactDate));
    Column exposure = exposure(s.exposure());
    Column lgd = byBucket(s.lgdByBucket());
    Dataset<Row> d =
        in.withColumn(CONTACT_DATE, c)
            .withColumn(EXPOSURE, exposure)
            .withColumn(LGD, lgd)
            .withColumn(EXPECTED_LOSS, col(PD).multiply(col(EXPOSURE)).multiply(col(LGD)))
            .withColumn(ATTEMPTS_REMAINING, attemptsRemaining(s))
            .withColumn(MESSAGE_CHANNEL, messageChannel(s.treatment()));
    d = withValues(d, strategy, byValue);
    d =
        d.withColumn(PRIORITY, priority(strategy, contactDate))
            .withColumn(WINDOW_START, window(s, contactDate, ContactRules::callStart))
            .withColumn(WINDOW_END, window(s, contactDate, ContactRules::callEnd));
    d = d.withColumn(PRE_REASON, preReason(s)).withColumn(PRE_TREATMENT, preTreatment());
    d =
        d.withColumn(CANDIDATE, col(PRE_TREATMENT).equalTo(CALL))
            .withColumn(CALL_POOL, pool(s.capacity().poolBy()))
            .withColumn(CALL_CAPACITY, capacity(s.capacity()));
    DistributedRank.Ranked calls =
        DistributedRank.rank(d, when(col(CANDIDATE), col(CALL_POOL)), CALL_RANK, priorityOrder());
    Column called = col(CANDIDATE).and(col(CALL_RANK).leq(col(CALL_CAPACITY)));
    Column treatment =
        when(called, lit(CALL)).when(col(CANDIDATE), lit(MESSAGE)).otherwise(col(PRE_TREATMENT));
    Column reason =
        when(called, reason(PolicyReason.PRIORITY_WITHIN_CAPACITY))
            .when(col(CANDIDATE), reason(PolicyReason.CAPACITY_OVERFLOW))
            .otherwise(col(PRE_REASON));
    Dataset<Row> ranked =
        calls
            .rows()
            .withColumn(TREATMENT, treatment)
            .withColumn(POLICY_REASON, reason)
            // A message with no deliverable channel is not sent.
            .withColumn(
                POLICY_REASON,
                when(
                        col(TREATMENT).equalTo(MESSAGE).and(col(MESSAGE_CHANNEL).isNull()),
                        reason(PolicyReason.NO_DELIVERABLE_CHANNEL))
                    .otherwise(col(POLICY_REASON)))
            .withColumn(
                TREATMENT,
                when(col(TREATMENT).equalTo(MESSAGE).and(col(MESSAGE_CHANNEL).isNull()), lit(NONE))
                    .otherwise(col(TREATMENT)));
    if (byValue) {
      // The rest get the better of a message and no contact.
      Column noneBetter =
          col(TREATMENT)
              .equalTo(MESSAGE)
              .and(coalesce(col(DPD), lit(0)).gt(0))
              .and(coalesce(col(VALUE_NONE).geq(col(VALUE_MESSAGE)), lit(false)));
      ranked =
          ranked
              .withColumn(
                  POLICY_REASON,
                  when(
                          noneBetter.and(
                              col(POLICY_REASON).equalTo(PolicyReason.CAPACITY_OVERFLOW.code())),
                          reason(PolicyReason.CAPACITY_OVERFLOW_NO_CONTACT))
                      .when(noneBetter, reason(PolicyReason.MESSAGE_NOT_WORTH_COST))
                      .otherwise(col(POLICY_REASON)))
              .withColumn(TREATMENT, when(noneBetter, lit(NONE)).otherwise(col(TREATMENT)));
    }
    Dataset<Row> decided =
        ranked
            .withColumn(
                VALUE_INCREMENT,
                when(col(TREATMENT).equalTo(CALL), col(VALUE_CALL).minus(col(VALUE_NONE)))
                    .when(
                        col(TREATMENT).equalTo(MESSAGE), col(VALUE_MESSAGE).minus(col(VALUE_NONE)))
                    .when(col(TREATMENT).equalTo(NONE), col(VALUE_NONE).minus(col(VALUE_NONE))))
            .withColumn(ALLOCATION, lit(strategy.allocation().id()))
            .withColumn(
                CHANNEL,
                when(col(TREATMENT).equalTo(CALL), lit(CALL))
                    .when(col(TREATMENT).equalTo(MESSAGE), col(MESSAGE_CHANNEL))
                    .when(col(TREATMENT).equalTo(ESCALATE), lit(ESCALATION)))
            .withColumn(CALL_POOL, when(col(TREATMENT).equalTo(CALL), col(CALL_POOL)))
            .withColumn(TIER, tier(s.tiers()))
            .withColumn(WINDOW_START, when(col(TREATMENT).isin(CALL, MESSAGE), col(WINDOW_START)))
            .withColumn(WINDOW_END, when(col(TREATMENT).isin(CALL, MESSAGE), col(WINDOW_END)))
            .withColumn(QUEUE, concat_ws("/", col(TREATMENT), col(CHANNEL), col(CALL_POOL)))
            .withColumn(POLICY_VERSION, lit(s.version()))
            .drop(CANDIDATE, CALL_RANK, PRE_TREATMENT, PRE_REASON, MESSAGE_CHANNEL, CALL_CAPACITY);
    DistributedRank.Ranked queues =
        DistributedRank.rank(decided, col(QUEUE), QUEUE_POSITION, priorityOrder());
    return new Decisions(queues.rows(), calls, queues);
  }

  /**
   * The expected value of each treatment for a past-due account under incremental-value: the
   * overdue amount times the probability it is paid under the treatment, less the treatment's cost;
   * null otherwise.
   */
  private static Dataset<Row> withValues(
      Dataset<Row> d, PolicySettings.Strategy strategy, boolean byValue) {
    if (!byValue) {
      Column none = lit(null).cast("double");
      return d.withColumn(VALUE_CALL, none)
          .withColumn(VALUE_MESSAGE, none)
          .withColumn(VALUE_NONE, none);
    }
    Column pastDue = coalesce(col(DPD), lit(0)).gt(0);
    Column overdue = coalesce(col(OVERDUE), lit(0.0));
    return d.withColumn(
            VALUE_CALL, when(pastDue, col(P_CALL).multiply(overdue).minus(strategy.callCost())))
        .withColumn(
            VALUE_MESSAGE,
            when(pastDue, col(P_MESSAGE).multiply(overdue).minus(strategy.messageCost())))
        .withColumn(VALUE_NONE, when(pastDue, col(P_NONE).multiply(overdue)));
  }

  /** The priority of a call candidate under the strategy's allocation (higher is called first). */
  private static Column priority(PolicySettings.Strategy strategy, LocalDate contactDate) {
    return switch (strategy.allocation()) {
      case EXPECTED_LOSS -> col(EXPECTED_LOSS);
      case DPD_TIMES_AMOUNT ->
          coalesce(col(DPD), lit(0)).multiply(coalesce(col(OVERDUE), lit(0.0))).cast("double");
      case RANDOM ->
          pmod(
                  xxhash64(col(ACCOUNT_ID), lit(strategy.seed()), lit(contactDate.toString())),
                  lit(1_000_000_007L))
              .divide(1_000_000_007.0);
      case INCREMENTAL_VALUE -> {
        // A call's gain over the better alternative the account can be given.
        Column alternative =
            when(col(MESSAGE_CHANNEL).isNotNull(), greatest(col(VALUE_MESSAGE), col(VALUE_NONE)))
                .otherwise(col(VALUE_NONE));
        yield col(VALUE_CALL).minus(alternative);
      }
    };
  }

  private static Column byBucket(Map<String, Double> lgd) {
    Column out = null;
    for (Bucket b : Bucket.values()) {
      Double v = lgd.get(b.label());
      if (v == null) {
        throw new IllegalArgumentException(
            "callwise.policy.lgd has no value for DPD bucket \""
                + b.label()
                + "\". Fix: give every bucket an LGD.");
      }
      Column branch = col(DPD_BUCKET).equalTo(b.label());
      out = out == null ? when(branch, lit(v)) : out.when(branch, lit(v));
    }
    return out;
  }

  /** A column chosen by the account's region: the region's value, else the default's. */
  private static Column byRegion(PolicySettings s, Function<ContactRules, Object> value) {
    Column out = lit(value.apply(s.defaultRules()));
    for (var e : s.regionRules().entrySet()) {
      out = when(col(REGION).equalTo(e.getKey()), lit(value.apply(e.getValue()))).otherwise(out);
    }
    return out;
  }

  /** Whole days from the last conversation to the contact date (null when none is known). */
  private static Column daysSinceConversation() {
    return datediff(col(CONTACT_DATE), col(LAST_CONVERSATION));
  }

  private static Column inConversationCoolOff(PolicySettings s) {
    return coalesce(
        daysSinceConversation().plus(1).leq(byRegion(s, ContactRules::conversationCoolOffDays)),
        lit(false));
  }

  private static Column attemptsRemaining(PolicySettings s) {
    return when(inConversationCoolOff(s), lit(0))
        .otherwise(
            greatest(
                lit(0),
                least(
                    byRegion(s, ContactRules::maxUnansweredCallsPerDay),
                    byRegion(s, ContactRules::maxCalls7d).minus(coalesce(col(CALLS_6D), lit(0))))));
  }

  private static Column window(
      PolicySettings s, LocalDate day, Function<ContactRules, LocalTime> time) {
    Column local =
        make_timestamp(
            lit(day.getYear()),
            lit(day.getMonthValue()),
            lit(day.getDayOfMonth()),
            byRegion(s, r -> time.apply(r).getHour()),
            byRegion(s, r -> time.apply(r).getMinute()),
            lit(0));
    return to_utc_timestamp(local, col(TIME_ZONE));
  }

  private static Column messageChannel(PolicySettings.Treatment t) {
    Column out = null;
    for (String ch : t.messageChannels()) {
      String consent =
          switch (Channel.valueOf(ch)) {
            case SMS -> CONSENT_SMS;
            case PUSH -> CONSENT_PUSH;
            default -> CONSENT_EMAIL;
          };
      String failures =
          switch (Channel.valueOf(ch)) {
            case SMS -> UNDELIVERED_SMS;
            case PUSH -> UNDELIVERED_PUSH;
            default -> UNDELIVERED_EMAIL;
          };
      Column ok =
          coalesce(col(consent), lit(false))
              .and(coalesce(col(failures), lit(0)).lt(t.maxUndelivered30d()));
      out = out == null ? when(ok, lit(ch)) : out.when(ok, lit(ch));
    }
    return out == null ? lit(null).cast("string") : out;
  }

  private static Column reason(PolicyReason r) {
    return lit(r.code());
  }

  private static Column flag(String column) {
    return coalesce(col(column), lit(0)).gt(0);
  }

  /**
   * The scored rows this policy may decide to contact (call, message or escalate): past-due
   * accounts, accounts escalated by their status, and current accounts whose PD reaches a reminder
   * threshold. Every other row is a current account the policy leaves alone (its rule is {@code
   * LOW_RISK}, or a suppression), so a night explains only these rows: the contact queue keeps its
   * reason codes and most of a book's accounts are not explained. Reads the scoring columns only
   * ({@code dpd_current}, {@code account_status}, {@code pd}); {@code TreatmentPolicyTest} checks
   * that no contact is decided outside it.
   */
  public static Column mayContact(PolicySettings s) {
    PolicySettings.Treatment t = s.treatment();
    Column dpd = coalesce(col(DPD), lit(0));
    Column out =
        dpd.gt(0)
            .or(dpd.geq(s.escalate().minDpd()))
            .or(col(PD).geq(Math.min(t.reminderPdMin(), t.reminderAnyDuePdMin())));
    if (!s.escalate().statuses().isEmpty()) {
      out =
          out.or(coalesce(col(ACCOUNT_STATUS).isin(s.escalate().statuses().toArray()), lit(false)));
    }
    return coalesce(out, lit(true));
  }

  /** Why an account is not (or not only) a call candidate; null for call candidates. */
  private static Column preReason(PolicySettings s) {
    PolicySettings.Suppress sup = s.suppress();
    PolicySettings.Escalate esc = s.escalate();
    PolicySettings.Treatment t = s.treatment();
    Column anyConsent =
        coalesce(col(CONSENT_CALL), lit(false))
            .or(coalesce(col(CONSENT_SMS), lit(false)))
            .or(coalesce(col(CONSENT_PUSH), lit(false)))
            .or(coalesce(col(CONSENT_EMAIL), lit(false)));
    Column dpd = coalesce(col(DPD), lit(0));
    Column complaintDay = coalesce(col(DAYS_SINCE_COMPLAINT), lit(Integer.MAX_VALUE / 2)).plus(2);
    Column reason =
        when(coalesce(col(DO_NOT_CONTACT), lit(false)), reason(PolicyReason.DO_NOT_CONTACT))
            .when(flag(LEGAL_HOLD), reason(PolicyReason.LEGAL_HOLD))
            .when(flag(DISPUTE), reason(PolicyReason.DISPUTE_OPEN));
    if (!sup.statuses().isEmpty()) {
      reason =
          reason.when(
              col(ACCOUNT_STATUS).isin(sup.statuses().toArray()),
              reason(PolicyReason.STATUS_FORBIDS_CONTACT));
    }
    if (sup.whileComplaintOpen()) {
      reason = reason.when(flag(OPEN_COMPLAINTS), reason(PolicyReason.COMPLAINT_OPEN));
    }
    reason =
        reason.when(
            complaintDay.leq(sup.complaintCoolOffDays()),
            reason(PolicyReason.COMPLAINT_COOLING_OFF));
    if (sup.hardshipPlan()) {
      reason = reason.when(flag(HARDSHIP), reason(PolicyReason.HARDSHIP_PLAN));
    }
    if (sup.paymentHoliday()) {
      reason = reason.when(flag(HOLIDAY), reason(PolicyReason.PAYMENT_HOLIDAY));
    }
    reason = reason.when(anyConsent.unary_$bang(), reason(PolicyReason.NO_CONSENT));
    if (!esc.statuses().isEmpty()) {
      reason =
          reason.when(
              col(ACCOUNT_STATUS).isin(esc.statuses().toArray()),
              reason(PolicyReason.STATUS_ESCALATION));
    }
    reason =
        reason
            .when(
                dpd.geq(esc.minDpd())
                    .and(coalesce(col(OVERDUE), lit(0.0)).gt(esc.minOverdueAmount())),
                reason(PolicyReason.DPD_ESCALATION))
            // Current accounts: a reminder before the next due date, or nothing.
            .when(
                dpd.equalTo(0)
                    .and(col(PD).geq(t.reminderPdMin()))
                    .and(col(NEXT_DUE_DATE).geq(col(CONTACT_DATE)))
                    .and(col(NEXT_DUE_DATE).lt(date_add(col(CONTACT_DATE), t.reminderDays()))),
                reason(PolicyReason.EARLY_WARNING_REMINDER))
            .when(
                dpd.equalTo(0).and(col(PD).geq(t.reminderAnyDuePdMin())),
                reason(PolicyReason.HIGH_RISK_REMINDER))
            .when(dpd.equalTo(0).and(col(PD).lt(t.reminderPdMin())), reason(PolicyReason.LOW_RISK))
            .when(
                dpd.equalTo(0).and(col(NEXT_DUE_DATE).isNull()),
                reason(PolicyReason.NO_INSTALMENT_DUE))
            .when(dpd.equalTo(0), reason(PolicyReason.NO_REMINDER_DUE_YET));
    if (s.strategy().allocation() == PolicySettings.Allocation.EXPECTED_LOSS) {
      // Delinquent accounts: the PD rules of expected-loss allocation.
      reason =
          reason
              .when(
                  dpd.leq(t.graceDays()).and(col(PD).lt(t.gracePdMax())),
                  reason(PolicyReason.GRACE_PERIOD))
              .when(col(PD).lt(t.selfCurePdMax()), reason(PolicyReason.LIKELY_SELF_CURE))
              .when(
                  coalesce(col(INTERNAL_SCORE), lit(0))
                      .geq(t.messageFirstScore())
                      .and(dpd.leq(t.messageFirstMaxDpd())),
                  reason(PolicyReason.HIGH_SCORE_MESSAGE_FIRST));
    }
    reason =
        reason
            .when(
                coalesce(col(CONSENT_CALL), lit(false)).unary_$bang(),
                reason(PolicyReason.NO_CALL_CONSENT))
            .when(inConversationCoolOff(s), reason(PolicyReason.CONVERSATION_COOLING_OFF))
            .when(
                coalesce(col(CALLS_6D), lit(0)).geq(byRegion(s, ContactRules::maxCalls7d)),
                reason(PolicyReason.ATTEMPT_CAP_7_IN_7))
            .when(col(ATTEMPTS_REMAINING).leq(0), reason(PolicyReason.DAILY_CALL_CAP));
    if (s.strategy().allocation() == PolicySettings.Allocation.INCREMENTAL_VALUE) {
      reason =
          reason.when(
              coalesce(col(PRIORITY).gt(0), lit(false)).unary_$bang(),
              reason(PolicyReason.CALL_NOT_WORTH_COST));
    }
    return reason;
  }

  /** The treatment of each pre-ranking reason, from {@link PolicyReason}; null reason = call. */
  private static Column preTreatment() {
    Column r = col(PRE_REASON);
    Column out = when(r.isNull(), lit(CALL));
    for (PolicyReason reason : PolicyReason.values()) {
      out = out.when(r.equalTo(reason.code()), lit(reason.treatment().name()));
    }
    return out;
  }

  private static Column pool(PolicySettings.PoolBy by) {
    return switch (by) {
      case NONE -> lit(SINGLE_POOL);
      case REGION -> coalesce(col(REGION), lit(UNKNOWN_POOL));
      case TIME_ZONE -> coalesce(col(TIME_ZONE), lit(UNKNOWN_POOL));
    };
  }

  private static Column capacity(PolicySettings.Capacity cap) {
    Column out = lit((long) cap.agents() * cap.callsPerAgent());
    if (cap.poolBy() != PolicySettings.PoolBy.NONE) {
      for (String p : cap.poolAgents().keySet()) {
        out = when(col(CALL_POOL).equalTo(p), lit(cap.calls(p))).otherwise(out);
      }
    }
    return out;
  }

  private static Column tier(PolicySettings.Tiers t) {
    return when(col(TREATMENT).equalTo(ESCALATE).or(col(PD).geq(t.t1Pd())), lit(Tier.T1.name()))
        .when(col(PD).geq(t.t2Pd()), lit(Tier.T2.name()))
        .when(col(PD).geq(t.t3Pd()), lit(Tier.T3.name()))
        .otherwise(lit(Tier.T4.name()));
  }

  /** The reason codes in the order the rules are tried. */
  public static List<String> reasonCodes() {
    return Arrays.stream(PolicyReason.values()).map(PolicyReason::code).toList();
  }
}
