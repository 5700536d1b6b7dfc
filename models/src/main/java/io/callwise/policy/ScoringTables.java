package io.callwise.policy;

import io.callwise.models.DelinquencyModel;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The tables collections systems read, declared once: schemas (with each column's meaning as its
 * comment, which Delta keeps), keys, partitioning, and the rendered {@code
 * docs/OUTPUT_CONTRACT.md}.
 */
public final class ScoringTables {

  private ScoringTables() {}

  /** Version of the output contract; a column removed or changed in meaning bumps the major. */
  public static final String CONTRACT_VERSION = "2.2";

  /** The registry id of the treatment-effect model used by incremental-value allocation. */
  public static final String UPLIFT_MODEL_ID = "uplift_model_id";

  /**
   * The probability with which the policy assigned a decision's treatment (1 when deterministic).
   */
  public static final String ASSIGNMENT_PROBABILITY = "assignment_probability";

  public static final String SCORE_DATE = "score_date";
  public static final String RUN_ID = "run_id";
  public static final String POLICY = "policy";
  public static final String CHAMPIONS = "champions";
  public static final String SCORED_AT = "scored_at";
  public static final String MODEL_LABEL = "model_label";
  public static final String MODEL_ID = "model_id";
  public static final String FEATURE_CATALOG_VERSION = "feature_catalog_version";
  public static final String REASONS = "reasons";
  public static final String CALL_ATTEMPTS_6D = TreatmentPolicy.CALLS_6D;

  private static StructField f(String name, DataType type, boolean nullable, String meaning) {
    return new StructField(name, type, nullable, Metadata.empty()).withComment(meaning);
  }

  private static final DataType S = DataTypes.StringType;
  private static final DataType D = DataTypes.DateType;
  private static final DataType TS = DataTypes.TimestampType;
  private static final DataType DBL = DataTypes.DoubleType;
  private static final DataType INT = DataTypes.IntegerType;
  private static final DataType LONG = DataTypes.LongType;

  private static final StructField F_SCORE_DATE =
      f(SCORE_DATE, D, false, "As-of date of the features scored (end of day, account time zone).");
  private static final StructField F_ACCOUNT =
      f(TreatmentPolicy.ACCOUNT_ID, S, false, "Lender's account identifier.");
  private static final StructField F_CONTACT_DATE =
      f(
          TreatmentPolicy.CONTACT_DATE,
          D,
          false,
          "The day the decision is for: score_date + 1, in the account's time zone.");
  private static final StructField F_RUN =
      f(
          RUN_ID,
          S,
          false,
          "Scoring run: score date, model ids, policy version and values, catalog version; the"
              + " same inputs give the same run id.");
  private static final StructField F_POLICY =
      f(TreatmentPolicy.POLICY_VERSION, S, false, "callwise.policy.version the decision used.");
  private static final StructField F_TREATMENT =
      f(TreatmentPolicy.TREATMENT, S, false, "SUPPRESS, ESCALATE, CALL, MESSAGE or NONE.");
  private static final StructField F_CHANNEL =
      f(
          TreatmentPolicy.CHANNEL,
          S,
          true,
          "CALL, SMS, PUSH, EMAIL or ESCALATION (legal letter / agency queue); empty for SUPPRESS"
              + " and NONE.");
  private static final StructField F_TIER =
      f(
          TreatmentPolicy.TIER,
          S,
          false,
          "T1 (escalated or PD >= tiers.t1-pd), T2, T3, T4 (lowest risk).");
  private static final StructField F_PD =
      f(
          TreatmentPolicy.PD,
          DBL,
          false,
          "Calibrated probability of the model's event (model_label); 1.0 for accounts past the"
              + " models' range (DPD 90+).");
  private static final StructField F_EL =
      f(TreatmentPolicy.EXPECTED_LOSS, DBL, false, "pd × exposure × lgd, account currency.");
  private static final StructField F_REASON =
      f(
          TreatmentPolicy.POLICY_REASON,
          S,
          false,
          "The policy rule that decided (see Policy reasons below).");
  private static final StructField F_REASONS =
      f(
          REASONS,
          DelinquencyModel.REASON_TYPE,
          false,
          "The model's top-3 reason codes: features that raised the PD most, with their value and"
              + " contribution to the log-odds. Set on every row the policy may contact (past due,"
              + " escalated by status, or a PD at or above a reminder threshold: every row of the"
              + " contact queue); empty on the other current accounts (low risk or suppressed),"
              + " which are not explained, and when no model applies.");
  private static final StructField F_QUEUE =
      f(
          TreatmentPolicy.QUEUE,
          S,
          false,
          "treatment/channel/pool, e.g. CALL/CALL/ALL, MESSAGE/SMS, NONE; queue_position counts"
              + " within it.");
  private static final StructField F_POSITION =
      f(
          TreatmentPolicy.QUEUE_POSITION,
          LONG,
          false,
          "1-based rank in the queue by priority_score desc, pd desc, account_id asc.");
  private static final StructField F_WINDOW_START =
      f(
          TreatmentPolicy.WINDOW_START,
          TS,
          true,
          "Start of the allowed contact window on contact_date, UTC (region's call-hours in the"
              + " account's time zone); CALL and MESSAGE only.");
  private static final StructField F_WINDOW_END =
      f(
          TreatmentPolicy.WINDOW_END,
          TS,
          true,
          "End (exclusive) of the allowed contact window, UTC; CALL and MESSAGE only.");
  private static final StructField F_ATTEMPTS =
      f(
          TreatmentPolicy.ATTEMPTS_REMAINING,
          INT,
          false,
          "Call attempts still allowed on contact_date (7-in-7 cap, conversation cool-off,"
              + " unanswered-per-day cap).");
  private static final StructField F_TZ =
      f(TreatmentPolicy.TIME_ZONE, S, true, "Borrower's IANA time zone (latest account version).");
  private static final StructField F_REGION =
      f(TreatmentPolicy.REGION, S, true, "Lender's region code; selects the contact rules.");
  private static final StructField F_DPD =
      f(TreatmentPolicy.DPD, INT, false, "Days past due at the end of score_date.");
  private static final StructField F_OVERDUE =
      f(TreatmentPolicy.OVERDUE, DBL, false, "Amount past due and unpaid, account currency.");
  private static final StructField F_POOL =
      f(
          TreatmentPolicy.CALL_POOL,
          S,
          true,
          "Capacity pool of a CALL (ALL, a region or a time zone, per capacity.pool-by).");

  /** Every open account scored on a date. Key (score_date, account_id); partitioned by date. */
  public static final StructType ACCOUNT_SCORES =
      new StructType(
          new StructField[] {
            F_SCORE_DATE,
            F_ACCOUNT,
            F_CONTACT_DATE,
            F_RUN,
            F_POLICY,
            f(
                MODEL_LABEL,
                S,
                true,
                "Label of the model that gave the PD: early_warning (DPD 0) or no_self_cure (DPD"
                    + " 1-89); empty for DPD 90+."),
            f(MODEL_ID, S, true, "Registry id of that model (the label's champion)."),
            f(FEATURE_CATALOG_VERSION, S, false, "Feature catalog version of the features scored."),
            f("product", S, true, "Credit product."),
            F_REGION,
            F_TZ,
            f(TreatmentPolicy.ACCOUNT_STATUS, S, true, "Account status at score_date."),
            F_DPD,
            f(TreatmentPolicy.DPD_BUCKET, S, false, "current, 1-30, 31-60, 61-90, 91-180, 180+."),
            F_OVERDUE,
            f(
                TreatmentPolicy.EXPOSURE,
                DBL,
                false,
                "Exposure at default: the billed-and-unpaid balance (at least the overdue"
                    + " amount); for a revolving account with statements, at least its latest"
                    + " statement balance plus callwise.policy.exposure.ccf of its undrawn limit"
                    + " while the line is ACTIVE; for an instalment loan whose schedule carries"
                    + " principal_outstanding, plus the principal its latest instalment leaves."),
            f(TreatmentPolicy.LGD, DBL, false, "Loss given default of the DPD bucket (policy)."),
            F_PD,
            F_EL,
            f(
                TreatmentPolicy.PRIORITY,
                DBL,
                false,
                "Priority score of the allocation, higher is called first: the expected loss"
                    + " (expected-loss), a call's expected gain over the better of a message and"
                    + " no contact (incremental-value), dpd_current × overdue_amount"
                    + " (dpd-times-amount) or a seeded random draw (random)."),
            f(
                TreatmentPolicy.ALLOCATION,
                S,
                false,
                "callwise.policy.strategy.allocation the calls were allocated by."),
            f(
                UPLIFT_MODEL_ID,
                S,
                true,
                "Registry id of the treatment-effect model behind the value_ columns"
                    + " (incremental-value); empty otherwise."),
            f(
                TreatmentPolicy.VALUE_CALL,
                DBL,
                true,
                "incremental-value, past-due accounts: overdue_amount × the probability it is paid"
                    + " within the model's horizon after a call, less"
                    + " callwise.policy.strategy.call-cost."),
            f(
                TreatmentPolicy.VALUE_MESSAGE,
                DBL,
                true,
                "The same after a message, less callwise.policy.strategy.message-cost."),
            f(
                TreatmentPolicy.VALUE_NONE,
                DBL,
                true,
                "The same with no contact (the borrower pays on their own)."),
            f(
                TreatmentPolicy.VALUE_INCREMENT,
                DBL,
                true,
                "The chosen treatment's value less value_none (0 for NONE); empty for SUPPRESS,"
                    + " ESCALATE and outside incremental-value."),
            F_TIER,
            F_TREATMENT,
            f(
                ASSIGNMENT_PROBABILITY,
                DBL,
                false,
                "The probability with which the policy assigned this treatment: 1.0 for every"
                    + " decision of a deterministic policy (all of today's); a randomized share"
                    + " (champion/challenger experiments) logs its draw's probability, which"
                    + " callwise evaluate-policy --logged weighs outcomes by."),
            F_CHANNEL,
            F_REASON,
            F_REASONS,
            F_POOL,
            F_QUEUE,
            F_POSITION,
            F_WINDOW_START,
            F_WINDOW_END,
            F_ATTEMPTS,
            f(
                CALL_ATTEMPTS_6D,
                INT,
                false,
                "Call attempts in the 6 days before contact_date (account time zone)."),
            f(
                TreatmentPolicy.LAST_CONVERSATION,
                D,
                true,
                "Day of the last call that reached the borrower, within the look-back."),
            f(
                TreatmentPolicy.NEXT_DUE_DATE,
                D,
                true,
                "Next due date after score_date among billed instalments.")
          });

  /** Today's actionable rows (CALL, MESSAGE, ESCALATE). Key (score_date, account_id). */
  public static final StructType CONTACT_QUEUE =
      new StructType(
          new StructField[] {
            F_SCORE_DATE,
            F_CONTACT_DATE,
            F_QUEUE,
            F_CHANNEL,
            F_POSITION,
            F_ACCOUNT,
            F_TREATMENT,
            F_TIER,
            F_PD,
            F_EL,
            F_DPD,
            F_OVERDUE,
            F_REASON,
            F_REASONS,
            F_WINDOW_START,
            F_WINDOW_END,
            F_ATTEMPTS,
            F_TZ,
            F_REGION,
            F_POOL,
            F_RUN,
            F_POLICY
          });

  /** Each account's latest decision; the account_scores columns, key account_id. */
  public static final StructType CURRENT_PRIORITY = ACCOUNT_SCORES;

  /** One row per scoring run: what decided its rows, the policy values included. */
  public static final StructType SCORING_RUNS =
      new StructType(
          new StructField[] {
            F_SCORE_DATE,
            F_RUN,
            F_POLICY,
            f(
                POLICY,
                S,
                false,
                "Every value of the policy the run decided with, as the callwise.policy section"
                    + " (JSON): audit checks a night against it, whatever the configuration is"
                    + " today."),
            f(
                CHAMPIONS,
                DataTypes.createMapType(S, S, false),
                false,
                "Champion model id by label."),
            f(FEATURE_CATALOG_VERSION, S, false, "Feature catalog version of the features scored."),
            f(SCORED_AT, TS, false, "When the run wrote its rows.")
          });

  /** A table's name, columns, key, partitioning and purpose. */
  public record Table(
      String name, StructType schema, List<String> key, List<String> partitions, String purpose) {}

  public static final List<Table> TABLES =
      List.of(
          new Table(
              "account_scores",
              ACCOUNT_SCORES,
              List.of(SCORE_DATE, TreatmentPolicy.ACCOUNT_ID),
              List.of(SCORE_DATE),
              "Every open account scored on score_date, with its decision for contact_date."
                  + " Re-running a date replaces that date's partition in one commit."),
          new Table(
              "contact_queue",
              CONTACT_QUEUE,
              List.of(SCORE_DATE, TreatmentPolicy.ACCOUNT_ID),
              List.of(SCORE_DATE),
              "The actionable rows of account_scores (CALL, MESSAGE, ESCALATE): what the dialler,"
                  + " the messaging service and the escalation team work through, in"
                  + " queue_position order within each queue."),
          new Table(
              "current_priority",
              CURRENT_PRIORITY,
              List.of(TreatmentPolicy.ACCOUNT_ID),
              List.of(),
              "Each open account's latest decision, kept by one MERGE per published date:"
                  + " accounts no longer scored (closed) are deleted; an older date never"
                  + " overwrites a newer one."),
          new Table(
              "scoring_runs",
              SCORING_RUNS,
              List.of(SCORE_DATE, RUN_ID),
              List.of(),
              "What decided each scoring run: its policy values, champions and feature catalog."
                  + " Written before the run's rows, so every run_id in account_scores has its"
                  + " row here; re-running a run replaces it."));

  /** What each contract version changed, newest first. */
  public static final List<String> CHANGES =
      List.of(
          "2.2 — `account_scores` and `current_priority` gain `allocation`, `uplift_model_id`,"
              + " `value_call`, `value_message`, `value_none` and `value_increment` (empty"
              + " outside incremental-value allocation) and `assignment_probability` (1.0 for a"
              + " deterministic policy; older rows read it as empty); policy reasons CALL_NOT_WORTH_COST,"
              + " CAPACITY_OVERFLOW_NO_CONTACT and MESSAGE_NOT_WORTH_COST. Tables written"
              + " before gain the columns on their next write; older rows read them as empty.",
          "2.1 — `exposure` of an instalment loan whose schedule carries"
              + " `instalments.principal_outstanding` adds the principal its latest instalment"
              + " leaves outstanding (was the billed-and-unpaid amount only).",
          "2.0 — `exposure` of a revolving account with statements is its latest statement"
              + " balance (at least the billed-and-unpaid amount) plus"
              + " `callwise.policy.exposure.ccf` of its undrawn limit while the line is ACTIVE"
              + " (was the billed-and-unpaid amount); `expected_loss` and `priority_score` follow"
              + " it. A run recorded before 2.0 reads back with `exposure.ccf = 0`.",
          "1.1 — `scoring_runs`: every run's policy values, champions and feature catalog.",
          "1.0 — `account_scores`, `contact_queue`, `current_priority`.");

  /** The output contract as markdown. */
  public static String render() {
    StringBuilder b = new StringBuilder();
    b.append("# Output contract\n\n");
    b.append("<!-- Generated by `bin/callwise docs` from ScoringTables; do not edit. -->\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "Contract version **%s**. The tables `callwise score` and `callwise publish` write"
                + " under `{root}/scoring/`, for collections systems. All are Delta tables with"
                + " Change Data Feed on (`delta.enableChangeDataFeed = true`): a consumer can read"
                + " only what changed since the version it last read (`readChangeFeed`,"
                + " `startingVersion`). Every write is one commit: a reader sees a whole date or"
                + " none of it.%n%n",
            CONTRACT_VERSION));
    b.append("## Versioning\n\n");
    b.append(
        "- Columns are only ever added within a major contract version; a removed column or a"
            + " changed meaning bumps the major, announced before it ships.\n"
            + "- Every row carries `policy_version` (the treatment policy in force) and `run_id`"
            + " (score date, the champion model ids, the policy version and a fingerprint of its"
            + " values, the feature catalog version): the same inputs give the same run id and the"
            + " same rows; a policy value changed without a new version (a one-night override)"
            + " gives a new run id.\n"
            + "- `model_id` names the registry entry (`{root}/models/registry`) whose report"
            + " explains the PD.\n\n");
    b.append("## Changes\n\n");
    CHANGES.forEach(c -> b.append("- ").append(c).append('\n'));
    b.append('\n');
    b.append("## Reading\n\n");
    b.append(
        "- Today's work: `contact_queue` where `score_date` = the night's date, ordered by"
            + " `queue`, `queue_position`. Calls: `channel = 'CALL'`, placed only between"
            + " `window_start_utc` and `window_end_utc`, at most `call_attempts_remaining`"
            + " attempts.\n"
            + "- History and audit: `account_scores` by `score_date`.\n"
            + "- Latest state per account (CRM screens): `current_priority`.\n\n");
    for (Table t : TABLES) {
      b.append("## `").append(t.name()).append("`\n\n").append(t.purpose()).append("\n\n");
      b.append("Key: `")
          .append(String.join("`, `", t.key()))
          .append("`. Partitioned by: ")
          .append(
              t.partitions().isEmpty() ? "none" : "`" + String.join("`, `", t.partitions()) + "`")
          .append(".\n\n");
      b.append("| column | type | nullable | meaning |\n|---|---|---|---|\n");
      for (StructField f : t.schema().fields()) {
        b.append("| `")
            .append(f.name())
            .append("` | ")
            .append(f.dataType().simpleString())
            .append(" | ")
            .append(f.nullable() ? "yes" : "no")
            .append(" | ")
            .append(f.getComment().getOrElse(() -> ""))
            .append(" |\n");
      }
      b.append("\n");
    }
    b.append("## Policy reasons\n\n");
    b.append("Tried in this order; the first that applies decides.\n\n");
    b.append("| policy_reason | treatment | when |\n|---|---|---|\n");
    for (PolicyReason r : PolicyReason.values()) {
      b.append("| `")
          .append(r.code())
          .append("` | ")
          .append(r.treatment())
          .append(" | ")
          .append(r.meaning())
          .append(" |\n");
    }
    return b.toString();
  }
}
