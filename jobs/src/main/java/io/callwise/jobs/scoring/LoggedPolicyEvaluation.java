package io.callwise.jobs.scoring;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callwise.features.Snapshots;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.TreatmentOutcomes;
import io.callwise.models.OffPolicy;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.PolicySettings.Allocation;
import io.callwise.policy.ScoringTables;
import io.callwise.policy.TreatmentPolicy;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The allocations valued on a lender's own history, without a simulator: the decisions published
 * for a night ({@code account_scores}, with the probability each treatment was assigned with) and
 * what followed ({@code treatment_outcomes}) give an off-policy estimate of each allocation's
 * outcome rate — inverse propensity and doubly robust, with bootstrap intervals. The logged arm is
 * the one assigned (intent to treat), so a call that did not connect counts as a call. A night
 * whose decisions were all deterministic (every probability 1) is refused: it says nothing about
 * the treatments it never chose.
 */
public final class LoggedPolicyEvaluation {

  private LoggedPolicyEvaluation() {}

  static final String LOGGED_ARM = "logged_arm";
  static final String TARGET = "target_arm";

  /** How many rows were assigned at random (a probability strictly between 0 and 1). */
  private static final org.apache.spark.sql.Column RANDOMIZED =
      sum(
          when(
                  col(ScoringTables.ASSIGNMENT_PROBABILITY)
                      .gt(0)
                      .and(col(ScoringTables.ASSIGNMENT_PROBABILITY).lt(1)),
                  1)
              .otherwise(0));

  public record Result(String allocation, OffPolicy.Result estimate) {}

  public record Report(
      LocalDate date,
      String outcome,
      long logged,
      long randomized,
      String upliftModelId,
      List<Result> results,
      List<String> notes) {

    public String render() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "evaluate-policy --logged %s: %,d logged decisions of contactable past-due accounts"
                  + " (%,d assigned at random), outcome %s; each allocation's outcome rate%n",
              date,
              logged,
              randomized,
              outcome));
      b.append(
          String.format(
              Locale.ROOT,
              "  %-18s %9s %24s %24s%n",
              "allocation",
              "agreeing",
              "inverse propensity",
              "doubly robust"));
      for (Result r : results) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-18s %,9d %24s %24s%n",
                r.allocation(),
                r.estimate().matching(),
                interval(r.estimate().ipw()),
                interval(r.estimate().doublyRobust())));
      }
      if (upliftModelId != null) {
        b.append("  outcome model of the doubly robust estimate: ")
            .append(upliftModelId)
            .append('\n');
      }
      notes.forEach(n -> b.append("  ").append(n).append('\n'));
      return b.toString();
    }

    private static String interval(OffPolicy.Estimate e) {
      return String.format(Locale.ROOT, "%.4f (%.4f..%.4f)", e.value(), e.low(), e.high());
    }
  }

  /**
   * The logged decisions of night {@code d} that an allocation can change (CALL, MESSAGE or NONE of
   * a past-due account) joined to their outcome: {@code account_id}, {@code as_of_date}, the
   * assigned arm, its probability and the outcome. Refuses, naming the table and column, when the
   * night was not published, predates the logged probability, has no matured outcome, or carries no
   * randomized decision.
   */
  public static Dataset<Row> logged(SparkSession spark, Lake lake, LocalDate d, String outcome) {
    LabelCatalog.requireBinaryOutcome("callwise.policy.strategy.uplift-outcome", outcome);
    String scores = "account_scores (" + Tables.ACCOUNT_SCORES.path(lake) + ")";
    if (!Tables.ACCOUNT_SCORES.exists(spark, lake)) {
      throw new JobFailedException(
          scores + " does not exist: nothing was published. Fix: callwise score --date " + d);
    }
    Dataset<Row> decisions =
        Tables.ACCOUNT_SCORES
            .read(spark, lake)
            .filter(col(ScoringTables.SCORE_DATE).equalTo(lit(Date.valueOf(d))));
    if (!Arrays.asList(decisions.columns()).contains(ScoringTables.ASSIGNMENT_PROBABILITY)) {
      throw new JobFailedException(
          scores
              + " has no column "
              + ScoringTables.ASSIGNMENT_PROBABILITY
              + ": its decisions were written before output contract 2.2 and did not log the"
              + " probability of their treatment. Fix: evaluate a night scored since.");
    }
    // what an allocation can change: CALL, MESSAGE or NONE of a past-due account
    Dataset<Row> changeable =
        decisions
            .filter(col(TreatmentPolicy.DPD).gt(0))
            .filter(
                col(TreatmentPolicy.TREATMENT)
                    .isin(TreatmentPolicy.CALL, TreatmentPolicy.MESSAGE, TreatmentPolicy.NONE));
    Row counts = changeable.agg(count(lit(1)), RANDOMIZED).first();
    long rows = counts.getLong(0);
    long randomized = counts.isNullAt(1) ? 0 : counts.getLong(1);
    if (rows == 0) {
      throw new JobFailedException(
          scores
              + " has no decision for a past-due account on score_date "
              + d
              + ". Fix: callwise score --date "
              + d
              + " (or choose a scored night).");
    }
    if (randomized == 0) {
      throw new JobFailedException(
          scores
              + ": "
              + ScoringTables.ASSIGNMENT_PROBABILITY
              + " is 1.0 for all "
              + rows
              + " decisions of past-due accounts on "
              + d
              + ": they were deterministic, and a deterministic history cannot value the"
              + " treatments it never chose. Fix: assign a share of decisions at random"
              + " (champion/challenger) and evaluate one of those nights; on a synthetic book,"
              + " evaluate-policy without --logged replays the strategies against the truth.");
    }
    if (!Tables.TREATMENT_OUTCOMES.exists(spark, lake)) {
      throw new JobFailedException(
          "no treatment outcomes at "
              + d
              + " in treatment_outcomes ("
              + Tables.TREATMENT_OUTCOMES.path(lake)
              + "). Fix: callwise labels --from "
              + d
              + " --to "
              + d
              + " once they have matured.");
    }
    Dataset<Row> outcomes =
        Tables.TREATMENT_OUTCOMES
            .read(spark, lake)
            .filter(col(Snapshots.AS_OF_DATE).equalTo(lit(Date.valueOf(d))))
            .select(col(TreatmentPolicy.ACCOUNT_ID), col(outcome));
    Dataset<Row> joined =
        changeable
            .select(
                col(TreatmentPolicy.ACCOUNT_ID),
                col(ScoringTables.SCORE_DATE).as(Snapshots.AS_OF_DATE),
                col(TreatmentPolicy.TREATMENT).as(LOGGED_ARM),
                col(ScoringTables.ASSIGNMENT_PROBABILITY))
            .join(outcomes, TreatmentPolicy.ACCOUNT_ID);
    if (joined.isEmpty()) {
      throw new JobFailedException(
          "treatment_outcomes ("
              + Tables.TREATMENT_OUTCOMES.path(lake)
              + ") has no outcome at "
              + d
              + " for the accounts decided that night (outcomes are built once their "
              + TreatmentOutcomes.horizonDays()
              + " days have passed). Fix: callwise labels --from "
              + d
              + " --to "
              + d
              + ".");
    }
    return joined;
  }

  /**
   * Each allocation decided again for night {@code d} at the policy's capacity and valued on the
   * logged decisions of that night.
   */
  public static Report run(
      SparkSession spark, Lake lake, LocalDate d, PolicySettings policy, Long calls, long seed) {
    String outcome = policy.strategy().upliftOutcome();
    Dataset<Row> logged = logged(spark, lake, d, outcome).persist(StorageLevel.MEMORY_AND_DISK());
    String upliftLabel = policy.strategy().upliftLabel();
    boolean uplift = new ModelRegistry(spark, lake).champion(upliftLabel).isPresent();
    List<String> notes = new ArrayList<>();
    List<Allocation> allocations = EvaluatePolicyJob.allocations(uplift, upliftLabel, notes);
    if (!uplift) {
      notes.add("the doubly robust estimate uses the logged mean outcome as its model");
    }
    ScoreJob.PolicyInput prepared = ScoreJob.policyInput(spark, lake, d, policy, uplift);
    Dataset<Row> input = prepared.materialized();
    try {
      Row counts = logged.agg(count(lit(1)), RANDOMIZED, avg(col(outcome))).first();
      double mean = counts.isNullAt(2) ? 0 : counts.getDouble(2);
      List<Result> results = new ArrayList<>();
      for (Allocation a : allocations) {
        PolicySettings p = policy.toBuilder().strategy(policy.strategy().withAllocation(a)).build();
        if (calls != null) {
          p =
              p.toBuilder()
                  .capacity(
                      new PolicySettings.Capacity(
                          calls.intValue(), 1, PolicySettings.PoolBy.NONE, java.util.Map.of()))
                  .build();
        }
        try (TreatmentPolicy.Decisions decided = TreatmentPolicy.decide(input, p, d)) {
          Dataset<Row> target =
              decided
                  .rows()
                  .select(
                      col(TreatmentPolicy.ACCOUNT_ID),
                      when(
                              col(TreatmentPolicy.TREATMENT)
                                  .isin(TreatmentPolicy.CALL, TreatmentPolicy.MESSAGE),
                              col(TreatmentPolicy.TREATMENT))
                          .otherwise(lit(TreatmentPolicy.NONE))
                          .as(TARGET));
          Dataset<Row> model =
              input.select(
                  col(TreatmentPolicy.ACCOUNT_ID),
                  predicted(uplift, TreatmentPolicy.P_CALL, mean),
                  predicted(uplift, TreatmentPolicy.P_MESSAGE, mean),
                  predicted(uplift, TreatmentPolicy.P_NONE, mean));
          Dataset<Row> rows =
              logged
                  .join(target, TreatmentPolicy.ACCOUNT_ID)
                  .join(model, TreatmentPolicy.ACCOUNT_ID);
          results.add(
              new Result(
                  a.id(),
                  OffPolicy.estimate(
                      rows,
                      LOGGED_ARM,
                      outcome,
                      ScoringTables.ASSIGNMENT_PROBABILITY,
                      TARGET,
                      seed)));
        }
      }
      return new Report(
          d,
          outcome,
          counts.getLong(0),
          counts.isNullAt(1) ? 0 : counts.getLong(1),
          prepared.models().get(upliftLabel),
          results,
          notes);
    } finally {
      logged.unpersist();
    }
  }

  /** The model's probability under an arm, or the logged mean where it has none. */
  private static org.apache.spark.sql.Column predicted(boolean uplift, String column, double mean) {
    return (uplift ? coalesce(col(column), lit(mean)) : lit(mean)).as(column);
  }
}
