package io.callwise.jobs.scoring;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.callwise.jobs.generate.SimulationRecord;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.models.HadoopText;
import io.callwise.models.SvgCharts;
import io.callwise.models.UpliftMetrics;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.PolicySettings.Allocation;
import io.callwise.policy.TreatmentPolicy;
import io.callwise.scoring.AuditRule;
import io.callwise.scoring.Scoring;
import io.callwise.synth.BookSimulator;
import io.callwise.synth.PolicySimulation;
import io.callwise.synth.SimulationParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code callwise evaluate-policy --date D}: the allocations compared at the same call capacity. On
 * a synthetic book (one whose truth records its simulation) each strategy decides the night of D
 * from the same scored input, every past-due account is re-simulated from its state at D under each
 * treatment and replicate, and each strategy's outcome over the horizon is the sum of its accounts'
 * outcomes under the treatments it chose: paired across strategies, with intervals over the
 * replicates, at each capacity of a sweep. The treatment-effect champion's ranking is scored
 * against the simulated true effects. Without a truth, {@link LoggedPolicyEvaluation} estimates the
 * allocations off-policy from randomized logged decisions.
 */
public final class EvaluatePolicyJob {

  private EvaluatePolicyJob() {}

  /**
   * @param calls calls at capacity 1× (null: the policy's capacity)
   * @param multipliers the capacity sweep
   * @param replicates paired replicates of the days after D
   * @param truthReplicates further replicates that estimate each account's true effect
   * @param after what follows the contact date in the simulation: the book's usual collection
   *     process (the question a nightly decision answers, and what treatment-effect models learn
   *     from history) or no contact at all (a contact's effect alone)
   */
  public record Options(
      LocalDate date,
      PolicySettings policy,
      Long calls,
      List<Double> multipliers,
      int replicates,
      int truthReplicates,
      int horizonDays,
      BookSimulator.After after) {}

  /** One strategy at one capacity: means over replicates with 95 % intervals. */
  public record Result(
      String allocation,
      double multiplier,
      long capacity,
      double callsDecided,
      double callsMade,
      double[] recovered,
      double[] cured,
      double[] rolled30,
      double[] rolled60,
      double[] complaints,
      double[] gainOverStatusQuo,
      double[] byContacts,
      double[] byContactsGain,
      double[] net,
      double[] netGain,
      long accounts) {}

  public record Report(
      LocalDate date,
      long pastDue,
      BookSimulator.After after,
      List<Result> results,
      Map<String, Long> auditViolations,
      UpliftMetrics.Gain modelGain,
      UpliftMetrics.Gain truthGain,
      String upliftModelId,
      String reportUri,
      List<String> notes) {

    public String render() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "evaluate-policy %s: %,d past-due accounts, each re-simulated under call, message"
                  + " and no contact on the contact date, then %s%n",
              date,
              pastDue,
              afterText(after)));
      b.append(
          String.format(
              Locale.ROOT,
              "  %-18s %6s %7s %7s %20s %19s %15s %19s %15s %14s %9s %10s%n",
              "allocation",
              "cap",
              "calls",
              "made",
              "recovered",
              "by the contacts",
              "vs status quo",
              "net of cost",
              "vs status quo",
              "cured",
              "rolled30",
              "complaints"));
      for (Result r : results) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-18s %5.2fx %,7.0f %,7.0f %,10.0f ± %,7.0f %,9.0f ± %,7.0f %+7.1f%% ± %4.1f"
                    + " %,9.0f ± %,7.0f %+7.1f%% ± %4.1f %7.1f ± %3.0f %9.1f %10.1f%n",
                r.allocation(),
                r.multiplier(),
                r.callsDecided(),
                r.callsMade(),
                r.recovered()[0],
                r.recovered()[1],
                r.byContacts()[0],
                r.byContacts()[1],
                100 * r.byContactsGain()[0],
                100 * r.byContactsGain()[1],
                r.net()[0],
                r.net()[1],
                100 * r.netGain()[0],
                100 * r.netGain()[1],
                r.cured()[0],
                r.cured()[1],
                r.rolled30()[0],
                r.complaints()[0]));
      }
      auditViolations.forEach(
          (a, v) ->
              b.append(
                  String.format(Locale.ROOT, "  audit at 1x, %-18s %d rule violations%n", a, v)));
      if (modelGain != null) {
        b.append(
            String.format(
                Locale.ROOT,
                "  effect ranking (call over message, paid overdue in 7 days): %s AUUC %.5f,"
                    + " true effects' %.5f, random %.5f: %.1f %% of the truth's (%.1f %% of its"
                    + " gain over random)%n",
                upliftModelId,
                modelGain.area(),
                truthGain.area(),
                truthGain.random(),
                100 * modelGain.area() / truthGain.area(),
                100 * modelGain.aboveRandom() / truthGain.aboveRandom()));
      }
      if (results.stream()
          .filter(r -> !r.allocation().equals(STATUS_QUO))
          .noneMatch(r -> Math.abs(r.byContactsGain()[0]) > r.byContactsGain()[1])) {
        b.append(
            String.format(
                Locale.ROOT,
                "  no allocation differs from the status quo beyond its 95 %% interval at any"
                    + " capacity: %,d past-due accounts are too few for these replicates to tell"
                    + " them apart (more --replicates or a larger book can)%n",
                pastDue));
      }
      notes.forEach(n -> b.append("  ").append(n).append('\n'));
      if (reportUri != null) {
        b.append("  report: ").append(reportUri).append('\n');
      }
      return b.toString();
    }
  }

  static final String STATUS_QUO = Allocation.DPD_TIMES_AMOUNT.id();

  static String afterText(BookSimulator.After after) {
    return after == BookSimulator.After.USUAL_PROCESS
        ? "the book's usual collection process"
        : "no collection contact";
  }

  /** The pseudo-strategy of no contact for anyone, the baseline of what contacts recover. */
  static final String NO_CONTACT = "no-contact";

  public static Report run(SparkSession spark, Lake lake, Options o) {
    SimulationParams params =
        SimulationRecord.read(spark, lake.root() + "/truth")
            .orElseThrow(
                () ->
                    new JobFailedException(
                        "no ground truth with a simulation record under "
                            + lake.root()
                            + "/truth: evaluate-policy replays strategies on a synthetic book"
                            + " (callwise generate). Fix: run it on a synthetic book, or value"
                            + " the allocations on a lender's own history with --logged (an"
                            + " off-policy estimate from nights whose decisions were partly"
                            + " randomized)."));
    LocalDate d = o.date();
    if (d.plusDays(o.horizonDays()).isAfter(params.end().minusDays(1))) {
      throw new JobFailedException(
          "the "
              + o.horizonDays()
              + " days after "
              + d
              + " do not fit in the simulated book ("
              + params.start()
              + " .. "
              + params.end().minusDays(1)
              + "). Fix: choose a date at least "
              + o.horizonDays()
              + " days before the book's end.");
    }
    PolicySettings policy = o.policy();
    String upliftLabel = policy.strategy().upliftLabel();
    boolean uplift = new ModelRegistry(spark, lake).champion(upliftLabel).isPresent();
    List<String> notes = new ArrayList<>();
    List<Allocation> allocations = allocations(uplift, upliftLabel, notes);

    ScoreJob.PolicyInput prepared = ScoreJob.policyInput(spark, lake, d, policy, uplift);
    Dataset<Row> input = prepared.materialized();
    Dataset<Row> pastDue =
        input.filter(col(TreatmentPolicy.DPD).gt(0)).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> potential = null;
    Dataset<Row> truth = null;
    try {
      long pastDueCount = pastDue.count();
      long baseCalls = o.calls() != null ? o.calls() : totalCalls(policy.capacity());
      Map<String, Long> audit = new LinkedHashMap<>();
      Dataset<Row> decisions = null;
      Map<String, double[]> strategies = new LinkedHashMap<>(); // key -> {multiplier, capacity}
      List<Compared> compared = new ArrayList<>();
      allocations.forEach(a -> compared.add(new Compared(a.id(), a, input, pastDue, true)));
      String outcomeColumn = POTENTIAL_OUTCOME.get(policy.strategy().upliftOutcome());
      if (uplift && o.truthReplicates() > 0) {
        truth =
            PolicySimulation.potentialOutcomes(
                    params,
                    pastDue.select(TreatmentPolicy.ACCOUNT_ID),
                    d,
                    o.horizonDays(),
                    o.replicates(),
                    o.truthReplicates(),
                    o.after())
                .persist(StorageLevel.MEMORY_AND_DISK());
        if (outcomeColumn != null) {
          // The reference no model can beat: incremental-value allocation fed the simulator's own
          // probabilities (means over the truth replicates, which the evaluation draws never see).
          Dataset<Row> known =
              input
                  .drop(TreatmentPolicy.P_CALL, TreatmentPolicy.P_MESSAGE, TreatmentPolicy.P_NONE)
                  .join(trueProbabilities(truth, outcomeColumn), TreatmentPolicy.ACCOUNT_ID, "left")
                  .localCheckpoint(true, StorageLevel.MEMORY_AND_DISK());
          compared.add(
              new Compared(
                  ORACLE,
                  Allocation.INCREMENTAL_VALUE,
                  known,
                  known.filter(col(TreatmentPolicy.DPD).gt(0)),
                  false));
        }
        // The money reference: each arm valued at the simulator's mean recovery in the horizon
        // (expressed as a share of the overdue amount, which the valuation multiplies back).
        Dataset<Row> money =
            input
                .drop(TreatmentPolicy.P_CALL, TreatmentPolicy.P_MESSAGE, TreatmentPolicy.P_NONE)
                .join(trueRecoveryShares(truth), TreatmentPolicy.ACCOUNT_ID, "left")
                .localCheckpoint(true, StorageLevel.MEMORY_AND_DISK());
        compared.add(
            new Compared(
                ORACLE_RECOVERY,
                Allocation.INCREMENTAL_VALUE,
                money,
                money.filter(col(TreatmentPolicy.DPD).gt(0)),
                false));
      }
      for (Compared c : compared) {
        Allocation a = c.allocation();
        for (double m : o.multipliers()) {
          long calls = Math.round(baseCalls * m);
          PolicySettings p =
              policy.toBuilder()
                  .strategy(policy.strategy().withAllocation(a))
                  .capacity(
                      new PolicySettings.Capacity(
                          (int) calls, 1, PolicySettings.PoolBy.NONE, Map.of()))
                  .build();
          String key = c.name() + "@" + m;
          strategies.put(key, new double[] {m, calls});
          boolean full = m == 1.0 && c.audited();
          try (TreatmentPolicy.Decisions decided =
              TreatmentPolicy.decide(full ? c.input() : c.pastDue(), p, d)) {
            Dataset<Row> rows = decided.rows().persist(StorageLevel.MEMORY_AND_DISK());
            if (full) {
              Map<AuditRule, Long> v =
                  ScoreJob.audit(
                      spark, lake, d, p, Scoring.accountScores(rows, d, "evaluate-" + a.id()));
              audit.put(a.id(), v.values().stream().mapToLong(Long::longValue).sum());
            }
            Dataset<Row> arms =
                rows.filter(col(TreatmentPolicy.DPD).gt(0))
                    .select(
                        lit(key).as(PolicySimulation.STRATEGY),
                        col(TreatmentPolicy.ACCOUNT_ID),
                        when(
                                col(TreatmentPolicy.TREATMENT)
                                    .isin(TreatmentPolicy.CALL, TreatmentPolicy.MESSAGE),
                                col(TreatmentPolicy.TREATMENT))
                            .otherwise(lit(TreatmentPolicy.NONE))
                            .as(PolicySimulation.ARM))
                    .localCheckpoint();
            rows.unpersist();
            decisions = decisions == null ? arms : decisions.unionByName(arms);
          }
        }
      }
      // The baseline every contact is measured against: no contact for anyone.
      decisions =
          decisions.unionByName(
              pastDue.select(
                  lit(NO_CONTACT).as(PolicySimulation.STRATEGY),
                  col(TreatmentPolicy.ACCOUNT_ID),
                  lit(TreatmentPolicy.NONE).as(PolicySimulation.ARM)));
      potential =
          PolicySimulation.potentialOutcomes(
                  params,
                  pastDue.select(TreatmentPolicy.ACCOUNT_ID),
                  d,
                  o.horizonDays(),
                  0,
                  o.replicates(),
                  o.after())
              .persist(StorageLevel.MEMORY_AND_DISK());
      List<Row> sums = PolicySimulation.strategyOutcomes(decisions, potential).collectAsList();
      List<Result> results =
          results(
              sums,
              strategies,
              o.replicates(),
              policy.strategy().callCost(),
              policy.strategy().messageCost());

      UpliftMetrics.Gain modelGain = null;
      UpliftMetrics.Gain truthGain = null;
      String upliftId = prepared.models().get(upliftLabel);
      if (truth != null) {
        Dataset<Row> effects =
            effect(truth, "true_effect")
                .join(effect(potential, "realized_effect"), TreatmentPolicy.ACCOUNT_ID)
                .join(
                    pastDue.select(
                        col(TreatmentPolicy.ACCOUNT_ID),
                        col(TreatmentPolicy.P_CALL)
                            .minus(col(TreatmentPolicy.P_MESSAGE))
                            .as("predicted_effect")),
                    TreatmentPolicy.ACCOUNT_ID)
                .filter(col("predicted_effect").isNotNull())
                .persist(StorageLevel.MEMORY_AND_DISK());
        modelGain = UpliftMetrics.gain(effects, "predicted_effect", "realized_effect");
        truthGain = UpliftMetrics.gain(effects, "true_effect", "realized_effect");
        effects.unpersist();
      }
      String uri = lake.root() + "/reports/policy-evaluation-" + d + ".html";
      Report report =
          new Report(
              d,
              pastDueCount,
              o.after(),
              results,
              audit,
              modelGain,
              truthGain,
              upliftId,
              uri,
              notes);
      try {
        HadoopText.write(spark, uri, html(report, o));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + uri, e);
      }
      return report;
    } finally {
      if (potential != null) {
        potential.unpersist();
      }
      if (truth != null) {
        truth.unpersist();
      }
      pastDue.unpersist();
    }
  }

  /** A strategy compared: its name, allocation, inputs (all open accounts, past due) and audit. */
  record Compared(
      String name,
      Allocation allocation,
      Dataset<Row> input,
      Dataset<Row> pastDue,
      boolean audited) {}

  /** Incremental-value allocation fed the simulator's probabilities: the upper reference. */
  static final String ORACLE = "oracle";

  /**
   * Incremental-value allocation fed the simulator's mean recovery under each arm: the upper
   * reference of the money any one night's allocation can recover.
   */
  static final String ORACLE_RECOVERY = "oracle-recovery";

  /**
   * Each account's mean recovery in the horizon under each arm over the replicates, divided by its
   * overdue amount at the decision date (the same in every replicate), as p_call, p_message,
   * p_none: the allocation's value, probability × overdue, is then the expected recovery.
   */
  private static Dataset<Row> trueRecoveryShares(Dataset<Row> potential) {
    return armMeans(
        potential.filter(col("overdue").gt(0)), col("recovered").divide(col("overdue")));
  }

  /** The potential-outcome column of each binary treatment outcome. */
  static final Map<String, String> POTENTIAL_OUTCOME =
      Map.of(
          "paid_overdue_7d", "paid_overdue_7d",
          "paid_overdue_14d", "paid_overdue_14d",
          "cured_30d", "cured");

  /**
   * Each account's mean outcome under each arm over the replicates, as p_call, p_message, p_none.
   */
  private static Dataset<Row> trueProbabilities(Dataset<Row> potential, String outcome) {
    return armMeans(potential, col(outcome));
  }

  /** Each account's mean of {@code value} under each arm, as p_call, p_message and p_none. */
  private static Dataset<Row> armMeans(Dataset<Row> potential, Column value) {
    return potential
        .groupBy(TreatmentPolicy.ACCOUNT_ID)
        .agg(
            avg(when(col(PolicySimulation.ARM).equalTo(TreatmentPolicy.CALL), value))
                .as(TreatmentPolicy.P_CALL),
            avg(when(col(PolicySimulation.ARM).equalTo(TreatmentPolicy.MESSAGE), value))
                .as(TreatmentPolicy.P_MESSAGE),
            avg(when(col(PolicySimulation.ARM).equalTo(TreatmentPolicy.NONE), value))
                .as(TreatmentPolicy.P_NONE));
  }

  /** Each account's mean of paid_overdue_7d under a call less under a message, over replicates. */
  private static Dataset<Row> effect(Dataset<Row> potential, String name) {
    return potential
        .filter(col("delinquent"))
        .groupBy(TreatmentPolicy.ACCOUNT_ID)
        .agg(
            avg(when(
                    col(PolicySimulation.ARM).equalTo(TreatmentPolicy.CALL),
                    col("paid_overdue_7d")))
                .minus(
                    avg(
                        when(
                            col(PolicySimulation.ARM).equalTo(TreatmentPolicy.MESSAGE),
                            col("paid_overdue_7d"))))
                .as(name));
  }

  /**
   * The allocations compared: the status quo, expected-loss, incremental-value when the outcome's
   * treatment-effect model has a champion (else a note says why not), and random.
   */
  static List<Allocation> allocations(boolean uplift, String upliftLabel, List<String> notes) {
    List<Allocation> allocations = new ArrayList<>();
    allocations.add(Allocation.DPD_TIMES_AMOUNT);
    allocations.add(Allocation.EXPECTED_LOSS);
    if (uplift) {
      allocations.add(Allocation.INCREMENTAL_VALUE);
    } else {
      notes.add(
          "incremental-value not evaluated: "
              + upliftLabel
              + " has no champion (callwise train-uplift, callwise promote)");
    }
    allocations.add(Allocation.RANDOM);
    return allocations;
  }

  private static long totalCalls(PolicySettings.Capacity c) {
    if (c.poolBy() == PolicySettings.PoolBy.NONE) {
      return (long) c.agents() * c.callsPerAgent();
    }
    return c.poolAgents().values().stream().mapToLong(a -> (long) a * c.callsPerAgent()).sum();
  }

  /**
   * Means and intervals per strategy and capacity; "net" is what the contacts recovered less their
   * cost (calls and messages decided × the configured cost per channel).
   */
  static List<Result> results(
      List<Row> sums,
      Map<String, double[]> strategies,
      int replicates,
      double callCost,
      double messageCost) {
    Map<String, Map<Integer, Row>> byKey = new TreeMap<>();
    for (Row r : sums) {
      byKey.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getInt(1), r);
    }
    List<Result> out = new ArrayList<>();
    for (var e : strategies.entrySet()) {
      String key = e.getKey();
      double m = e.getValue()[0];
      Map<Integer, Row> reps = byKey.getOrDefault(key, Map.of());
      Map<Integer, Row> base = byKey.getOrDefault(STATUS_QUO + "@" + m, Map.of());
      Map<Integer, Row> none = byKey.getOrDefault(NO_CONTACT, Map.of());
      double[] byContacts = new double[replicates];
      double[] baseByContacts = new double[replicates];
      double[] net = new double[replicates];
      double[] baseNet = new double[replicates];
      double[] recovered = new double[replicates];
      double[] baseRecovered = new double[replicates];
      double[] cured = new double[replicates];
      double[] rolled30 = new double[replicates];
      double[] rolled60 = new double[replicates];
      double[] complaints = new double[replicates];
      double calls = 0;
      double made = 0;
      long accounts = 0;
      for (int rep = 0; rep < replicates; rep++) {
        Row r = reps.get(rep);
        if (r == null) {
          continue;
        }
        recovered[rep] = r.<Double>getAs("recovered");
        cured[rep] = r.<Long>getAs("cured");
        rolled30[rep] = r.<Long>getAs("rolled_30");
        rolled60[rep] = r.<Long>getAs("rolled_60");
        complaints[rep] = r.<Long>getAs("complaints");
        calls += r.<Long>getAs("calls_decided") / (double) replicates;
        made += r.<Long>getAs("calls_made") / (double) replicates;
        accounts = r.<Long>getAs("accounts");
        Row b = base.get(rep);
        baseRecovered[rep] = b == null ? 0 : b.<Double>getAs("recovered");
        Row n = none.get(rep);
        double noneRecovered = n == null ? 0 : n.<Double>getAs("recovered");
        byContacts[rep] = recovered[rep] - noneRecovered;
        baseByContacts[rep] = baseRecovered[rep] - noneRecovered;
        net[rep] = byContacts[rep] - cost(r, callCost, messageCost);
        baseNet[rep] = b == null ? 0 : baseByContacts[rep] - cost(b, callCost, messageCost);
      }
      out.add(
          new Result(
              key.substring(0, key.indexOf('@')),
              m,
              (long) e.getValue()[1],
              calls,
              made,
              interval(recovered),
              interval(cured),
              interval(rolled30),
              interval(rolled60),
              interval(complaints),
              ratioGain(recovered, baseRecovered),
              interval(byContacts),
              ratioGain(byContacts, baseByContacts),
              interval(net),
              ratioGain(net, baseNet),
              accounts));
    }
    return out;
  }

  private static double cost(Row sums, double callCost, double messageCost) {
    return sums.<Long>getAs("calls_decided") * callCost
        + sums.<Long>getAs("messages_decided") * messageCost;
  }

  /**
   * The relative gain of {@code a} over the paired {@code b}, {@code mean(a) / mean(b) - 1}, and
   * the half-width of its 95 % t-interval by the delta method over the replicates (their covariance
   * included, so a strategy paired with itself is exactly 0 ± 0). A ratio of means, not a mean of
   * per-replicate ratios: one replicate whose baseline is near 0 does not swing it. NaN when the
   * baseline's mean is 0.
   */
  static double[] ratioGain(double[] a, double[] b) {
    int n = a.length;
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i] / n;
      mb += b[i] / n;
    }
    if (mb == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double ratio = ma / mb;
    if (n < 2) {
      return new double[] {ratio - 1, Double.NaN};
    }
    // Variance of the linearized ratio: (a_i - ratio * b_i) / mean(b).
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double d = (a[i] - ratio * b[i]) / mb;
      ss += d * d;
    }
    return new double[] {ratio - 1, tQuantile(n) * Math.sqrt(ss / (n - 1) / n)};
  }

  /** The 97.5 % quantile of Student's t with {@code n - 1} degrees of freedom. */
  private static double tQuantile(int n) {
    double[] t = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262};
    return n - 1 <= t.length ? t[n - 2] : 1.96;
  }

  /** Mean and half-width of a 95 % t-interval over replicates. */
  static double[] interval(double[] x) {
    int n = x.length;
    double mean = 0;
    for (double v : x) {
      mean += v / n;
    }
    if (n < 2) {
      return new double[] {mean, Double.NaN};
    }
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return new double[] {mean, tQuantile(n) * Math.sqrt(ss / (n - 1) / n)};
  }

  static String html(Report r, Options o) {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html><head><meta charset='utf-8'><title>Policy evaluation ")
        .append(r.date())
        .append("</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th{background:#f4f4f4}</style></head><body>");
    b.append("<h1>Strategies compared on the night of ").append(r.date()).append("</h1>");
    b.append(
        String.format(
            Locale.ROOT,
            "<p>%,d past-due accounts, each re-simulated from its state at the end of %s under a"
                + " call, a message and no contact on the contact date, then %s for %d days;"
                + " %d paired replicates. Outcomes are sums over those"
                + " accounts; ± is the half-width of a 95 %% interval over replicates. What the"
                + " contacts recovered is the recovery less that of no contact for anyone that night, on"
                + " the same draws; net of cost subtracts the calls and messages decided at"
                + " callwise.policy.strategy.call-cost and message-cost. A change against"
                + " dpd-times-amount is the ratio of the two strategies' means over the same"
                + " replicates, with a delta-method interval. oracle and oracle-recovery, where"
                + " shown, are incremental-value fed the simulator's own probabilities and its"
                + " mean recovery under each arm: what a perfect model could do.</p>",
            r.pastDue(),
            r.date(),
            afterText(o.after()),
            o.horizonDays(),
            o.replicates()));
    Map<String, List<Result>> byAllocation = new LinkedHashMap<>();
    r.results()
        .forEach(x -> byAllocation.computeIfAbsent(x.allocation(), k -> new ArrayList<>()).add(x));
    String[] colors = {"#7f7f7f", "#ff7f0e", "#1f77b4", "#2ca02c", "#d62728"};
    List<SvgCharts.Series> series = new ArrayList<>();
    double max = 0;
    double maxX = 0;
    int i = 0;
    for (var e : byAllocation.entrySet()) {
      double[] x = e.getValue().stream().mapToDouble(Result::capacity).toArray();
      double[] y = e.getValue().stream().mapToDouble(v -> v.recovered()[0]).toArray();
      for (int k = 0; k < x.length; k++) {
        max = Math.max(max, y[k]);
        maxX = Math.max(maxX, x[k]);
      }
      series.add(new SvgCharts.Series(e.getKey(), colors[i++ % colors.length], x, y, false, true));
    }
    if (!series.isEmpty()) {
      b.append(
          SvgCharts.lines(
              "Recovered in " + o.horizonDays() + " days by call capacity",
              "calls on the contact date",
              "recovered",
              0,
              Math.max(1, maxX),
              0,
              Math.max(1, max * 1.1),
              series));
    }
    b.append("<table><tr><th>allocation</th><th>capacity</th><th>calls</th><th>calls made</th>")
        .append("<th>recovered</th><th>cured</th><th>rolled 30+</th><th>rolled 60+</th>")
        .append("<th>complaints</th><th>total vs dpd-times-amount</th>")
        .append("<th>recovered by the contacts</th><th>vs dpd-times-amount</th>")
        .append("<th>net of contact cost</th><th>vs dpd-times-amount</th></tr>");
    for (Result x : r.results()) {
      b.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%,d (%.2f×)</td><td>%,.0f</td><td>%,.0f</td><td>%,.0f ± %,.0f"
                  + "</td><td>%,.1f ± %.1f</td><td>%,.1f ± %.1f</td><td>%,.1f ± %.1f</td>"
                  + "<td>%.1f</td><td>%+.1f %% ± %.1f</td><td>%,.0f ± %,.0f</td>"
                  + "<td>%+.1f %% ± %.1f</td><td>%,.0f ± %,.0f</td><td>%+.1f %% ± %.1f</td></tr>",
              x.allocation(),
              x.capacity(),
              x.multiplier(),
              x.callsDecided(),
              x.callsMade(),
              x.recovered()[0],
              x.recovered()[1],
              x.cured()[0],
              x.cured()[1],
              x.rolled30()[0],
              x.rolled30()[1],
              x.rolled60()[0],
              x.rolled60()[1],
              x.complaints()[0],
              100 * x.gainOverStatusQuo()[0],
              100 * x.gainOverStatusQuo()[1],
              x.byContacts()[0],
              x.byContacts()[1],
              100 * x.byContactsGain()[0],
              100 * x.byContactsGain()[1],
              x.net()[0],
              x.net()[1],
              100 * x.netGain()[0],
              100 * x.netGain()[1]));
    }
    b.append("</table><p>Audit of each allocation's decisions at 1×: ");
    r.auditViolations()
        .forEach((a, v) -> b.append(a).append(' ').append(v).append(" violations; "));
    b.append("</p>");
    if (r.modelGain() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "<p>Ranking by the treatment-effect model %s (effect of a call over a message on"
                  + " paying the overdue within 7 days): AUUC %.5f against %.5f for the true"
                  + " effects and %.5f at random.</p>",
              r.upliftModelId(),
              r.modelGain().area(),
              r.truthGain().area(),
              r.truthGain().random()));
    }
    r.notes().forEach(n -> b.append("<p>").append(n).append("</p>"));
    b.append("</body></html>\n");
    return b.toString();
  }
}
