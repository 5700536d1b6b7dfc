package io.callwise.jobs.cli;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.callwise.contract.Codes.Channel;
import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.features.Snapshots;
import io.callwise.ingest.ContractViolationException;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.features.BuildFeaturesJob;
import io.callwise.jobs.features.BuildLabelsJob;
import io.callwise.jobs.features.BuildPortfolioViewsJob;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.models.ModelConfig;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.models.PromoteModelJob;
import io.callwise.jobs.models.TrainModelJob;
import io.callwise.jobs.models.TrainUpliftJob;
import io.callwise.jobs.quality.QualityGateJob;
import io.callwise.jobs.quality.QualitySettings;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.scoring.EvaluatePolicyJob;
import io.callwise.jobs.scoring.PolicyConfig;
import io.callwise.jobs.scoring.PublishJob;
import io.callwise.jobs.scoring.ScoreJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import io.callwise.models.DelinquencyModel;
import io.callwise.models.HadoopText;
import io.callwise.models.Metrics;
import io.callwise.models.UpliftModel;
import io.callwise.policy.PolicySettings;
import io.callwise.portfolio.PortfolioViews;
import io.callwise.quality.Severity;
import io.callwise.scoring.DecisionAudit;
import io.callwise.synth.BookSimulator;
import io.callwise.synth.SimulationParams;
import io.callwise.synth.SyntheticBook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code callwise demo}: the whole pipeline on a small synthetic book, on this machine: generate a
 * lender's export (with a few realistic defects) and ingest it, refuse a hostile delivery with
 * nothing written, build features at every month end in one pass, the matured labels and the
 * portfolio views, train both labels' models and the treatment-effect models and put them through
 * the promotion gate, score and publish the last month end, check every decision against the rules,
 * compare call allocations against the simulator's truth, and show what landed where.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Run the pipeline end to end on a small synthetic book and print what it did.")
public final class DemoCommand extends JobCommand {

  @Option(names = "--accounts", description = "Accounts in the synthetic book (default: 2000).")
  long accounts = 2000;

  @Option(names = "--months", description = "Months of history (default: 12).")
  int months = 12;

  @Option(names = "--seed", description = "Random seed (default: 42).")
  long seed = 42;

  @Option(
      names = "--defect-rate",
      description = "Share of exported rows with a data defect (default: 0.002).")
  double defectRate = 0.002;

  SimulationParams params;

  @Override
  protected void validate(Config config) {
    params =
        new SimulationParams(seed, accounts, LocalDate.parse("2025-01-01"), months, defectRate);
  }

  /**
   * A delivery as real exports go wrong: the accounts table in two files whose columns disagree,
   * carrying marital status and gender columns. The batch is refused before anything is written.
   */
  private static void hostileDelivery(
      SparkSession spark, Lake lake, Config config, SimulationParams params) {
    String batch = "demo-hostile";
    String folder = lake.landing(batch) + "/" + RawTables.ACCOUNTS.name();
    List<String> header = new ArrayList<>(RawTables.ACCOUNTS.columnNames());
    header.addAll(List.of("MARRIAGE", "customer_gender"));
    List<String> swapped = new ArrayList<>(header);
    Collections.swap(swapped, 1, 2);
    try {
      HadoopText.write(spark, folder + "/part-0.csv", String.join(",", header) + "\n");
      HadoopText.write(spark, folder + "/part-1.csv", String.join(",", swapped) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo's hostile delivery", e);
    }
    long before = Tables.bronze(RawTables.ACCOUNTS).read(spark, lake).count();
    System.out.printf(
        "%n   a hostile delivery (%s): accounts in two files whose column order differs, with"
            + " MARRIAGE and customer_gender columns%n",
        lake.landing(batch));
    try {
      IngestJob.run(
          spark,
          lake,
          IngestOptions.fromConfig(
              config,
              lake.landing(batch),
              batch,
              SyntheticBook.exportedAt(params).toString(),
              List.of(RawTables.ACCOUNTS.name())));
      System.out.println("   accepted (unexpected)");
    } catch (ContractViolationException e) {
      System.out.print(indent("refused: " + e.getMessage() + "\n"));
    }
    long after = Tables.bronze(RawTables.ACCOUNTS).read(spark, lake).count();
    System.out.printf(
        "   bronze/accounts: %,d rows before, %,d after; no column outside the contract is ever"
            + " stored, quarantine included%n",
        before, after);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    long t0 = System.nanoTime();
    StepTimes steps = new StepTimes();
    String batch = "synthetic-s" + seed;
    String landing = lake.landing(batch);
    System.out.printf(
        "callwise demo — storage root %s, Spark master %s%n%n1. generate: %,d accounts x %d months, seed %d, defect rate %.3f%n",
        lake.root(), spark.sparkContext().master(), accounts, months, seed, defectRate);
    GenerateJob.Report report =
        GenerateJob.run(
            spark,
            new GenerateJob.Options(
                params, landing, lake.root() + "/truth", GenerateJob.defaultPartitions(accounts)));
    System.out.print(report.render());
    System.out.printf("   export: %s/{table}/*.csv%n%n", landing);

    steps.mark("generate");
    System.out.printf("2. ingest batch %s (as of %s)%n", batch, SyntheticBook.exportedAt(params));
    IngestOptions options = IngestOptions.syntheticExport(config, landing, batch, params);
    List<IngestSummary> summaries = IngestJob.run(spark, lake, options);
    System.out.print(indent(IngestJob.render(summaries)));

    System.out.println("\n3. a few quarantined rows (reason, detail):");
    List<Row> sample =
        Tables.QUARANTINE
            .read(spark, lake)
            .filter(col("ingest_batch_id").equalTo(batch))
            .groupBy("reason_code")
            .agg(count("*").as("rows"), min("reason_detail").as("example"))
            .orderBy(desc("rows"), col("reason_code"))
            .collectAsList();
    for (Row r : sample) {
      System.out.printf(
          Locale.ROOT, "   %-22s %5d  e.g. %s%n", r.getString(0), r.getLong(1), r.getString(2));
    }

    hostileDelivery(spark, lake, config, params);
    steps.mark("ingest");

    LocalDate lastDay = params.end().minusDays(1);
    Snapshots monthEnds =
        Snapshots.between(
            params.start().withDayOfMonth(params.start().lengthOfMonth()), lastDay, "1M");
    long broadcast = config.getLong(ConfigKeys.FEATURES_BROADCAST_MAX_ACCOUNTS);
    System.out.printf(
        "%n4. features at %d month ends, one pass over the history%n", monthEnds.dates().size());
    BuildFeaturesJob.Report features =
        BuildFeaturesJob.run(spark, lake, new BuildFeaturesJob.Options(monthEnds, broadcast));
    System.out.print(indent(features.render()));
    System.out.printf("   accounts by delinquency bucket at %s:%n", monthEnds.last());
    for (Row r :
        Tables.ACCOUNT_FEATURES
            .read(spark, lake)
            .filter(col("as_of_date").equalTo(Snapshots.date(monthEnds.last())))
            .groupBy("dpd_bucket")
            .agg(count("*").as("accounts"), avg("on_time_ratio_365d").as("on_time"))
            .orderBy("dpd_bucket")
            .collectAsList()) {
      System.out.printf(
          Locale.ROOT,
          "   %-8s %,7d accounts, mean on-time ratio (365 days) %.2f%n",
          r.getString(0),
          r.getLong(1),
          r.isNullAt(2) ? Double.NaN : r.getDouble(2));
    }
    Row revolving =
        Tables.ACCOUNT_FEATURES
            .read(spark, lake)
            .filter(
                col("as_of_date")
                    .equalTo(Snapshots.date(monthEnds.last()))
                    .and(col("statements_365d").gt(0)))
            .agg(
                count("*"),
                avg("statement_utilization_last"),
                avg(when(col("statements_paid_in_full_365d").geq(6), 1.0).otherwise(0.0)),
                avg(when(col("statements_revolving_in_a_row").geq(3), 1.0).otherwise(0.0)))
            .first();
    System.out.printf(
        Locale.ROOT,
        "   revolving credit: %,d accounts with statements; mean utilization at the last"
            + " statement %.2f; %.0f %% paid in full at least 6 of 12 cycles, %.0f %% revolving"
            + " 3+ statements in a row%n",
        revolving.getLong(0),
        revolving.isNullAt(1) ? Double.NaN : revolving.getDouble(1),
        revolving.isNullAt(2) ? Double.NaN : 100 * revolving.getDouble(2),
        revolving.isNullAt(3) ? Double.NaN : 100 * revolving.getDouble(3));

    steps.mark("features");
    System.out.println("\n5. labels at the same dates (only those whose horizon is observed)");
    BuildLabelsJob.Report labels =
        BuildLabelsJob.run(
            spark, lake, new BuildLabelsJob.Options(monthEnds, LabelCatalog.ALL, broadcast, true));
    System.out.print(indent(labels.render()));

    steps.mark("labels");
    System.out.println("\n6. portfolio views");
    System.out.print(indent(BuildPortfolioViewsJob.run(spark, lake, broadcast).render()));
    System.out.println("   roll rates, all month pairs pooled (share of accounts by next state):");
    System.out.print(indent(rollRateMatrix(spark, lake)));

    steps.mark("portfolio");
    System.out.println(
        "\n7. models: both labels, GBT and the logistic baseline, out-of-time test; the better"
            + " of the two by out-of-time AUC is promoted");
    Config search = narrowedSearch(config);
    System.out.println(
        "   (one point of each family's search for a small book: GBT depth "
            + search.getIntList(ConfigKeys.MODELS + "gbt.max-depth").get(0)
            + ", "
            + search.getIntList(ConfigKeys.MODELS + "gbt.max-iter").get(0)
            + " rounds of step "
            + search.getDoubleList(ConfigKeys.MODELS + "gbt.step-size").get(0)
            + ", logistic reg-param "
            + search.getDoubleList(ConfigKeys.MODELS + "logistic.reg-param").get(0)
            + "; train searches the whole grid of callwise.models)");
    for (LabelSpec label : LabelCatalog.ALL) {
      TrainModelJob.Report trained;
      try {
        trained =
            TrainModelJob.run(
                spark,
                lake,
                new TrainModelJob.Options(
                    label,
                    monthEnds.dates().get(0),
                    monthEnds.last(),
                    null,
                    ModelConfig.families(config),
                    ModelConfig.settings(search),
                    config.getInt(ConfigKeys.MODELS_IMPORTANCE_SAMPLE_ROWS)));
      } catch (JobFailedException e) {
        System.out.println("   " + label.name() + ": not trained: " + e.getMessage());
        continue;
      }
      System.out.print(indent(trained.render()));
      trained.models().stream()
          .filter(m -> m.metrics().get(Metrics.OOT_AUC) != null)
          .max(Comparator.comparingDouble(m -> m.metrics().get(Metrics.OOT_AUC)))
          .ifPresent(m -> promoteOrForce(spark, config, lake, m.modelId()));
    }
    LocalDate evaluated = monthEnds.dates().get(monthEnds.dates().size() - 2);
    System.out.println(
        "\n   treatment-effect models: the probability of paying the overdue within 7 days under"
            + " a call, a message and no contact (T- and S-learner); the better by out-of-time"
            + " Qini is promoted");
    trainUplift(spark, search, lake, monthEnds.dates().get(0), evaluated);
    System.out.println("   registry:");
    System.out.print(indent(ModelsCommand.render(new ModelRegistry(spark, lake).list(), false)));

    steps.mark("models");
    System.out.println("\n8. nightly decisions for " + monthEnds.last() + " (score, then publish)");
    scoreAndPublish(spark, config, lake, monthEnds.last());

    steps.mark("night");
    System.out.println(
        "\n9. strategies compared on the night of "
            + evaluated
            + " against the simulator's truth (paired replicates, same capacity)");
    evaluatePolicy(spark, config, lake, evaluated);

    steps.mark("strategies");
    System.out.println("\n10. where to look:");
    for (TableSpec spec : RawTables.ALL) {
      System.out.printf("   bronze %-13s %s%n", spec.name(), Tables.bronze(spec).path(lake));
    }
    System.out.printf("   quarantine           %s%n", Tables.QUARANTINE.path(lake));
    System.out.printf("   features             %s%n", Tables.ACCOUNT_FEATURES.path(lake));
    System.out.printf("   labels               %s%n", Tables.ACCOUNT_LABELS.path(lake));
    System.out.printf("   treatment outcomes   %s%n", Tables.TREATMENT_OUTCOMES.path(lake));
    System.out.printf(
        "   policy evaluation    %s/reports/policy-evaluation-{date}.html%n", lake.root());
    System.out.printf("   portfolio views      %s/portfolio/{roll_rates,vintages}%n", lake.root());
    System.out.printf("   model registry       %s%n", Tables.MODEL_REGISTRY.path(lake));
    System.out.printf(
        "   model reports        %s/models/artifacts/{model_id}/report.html%n", lake.root());
    System.out.printf(
        "   scores and queues    %s/scoring/{account_scores,contact_queue,current_priority}%n",
        lake.root());
    System.out.printf("   ingest runs          %s%n", Tables.INGEST_RUNS.path(lake));
    System.out.printf(
        "   checks and drift     %s, %s   (bin/callwise check --date D --root %s)%n",
        Tables.DQ_RESULTS.path(lake), Tables.DRIFT.path(lake), lake.root());
    System.out.printf(
        "   run log              %s   (bin/callwise runs --root %s; replay --run-id ID --into"
            + " NEW_ROOT)%n",
        Tables.RUNS.path(lake), lake.root());
    System.out.printf("   ground truth         %s/truth (for evaluation only)%n", lake.root());
    System.out.printf(
        "   notebooks            CALLWISE_ROOT=%s bin/notebooks   (or: ... bin/notebooks run"
            + " --html, executed copies under notebooks/target/executed)%n",
        lake.root());
    System.out.printf(
        "%ndemo finished in %.0f s (%s)%n", (System.nanoTime() - t0) / 1e9, steps.render());
    return 0;
  }

  /** Seconds spent in each step of the demo, in order. */
  static final class StepTimes {
    private final List<String> steps = new ArrayList<>();
    private long since = System.nanoTime();

    void mark(String step) {
      long now = System.nanoTime();
      steps.add(String.format(Locale.ROOT, "%s %.0f s", step, (now - since) / 1e9));
      since = now;
    }

    String render() {
      return String.join(", ", steps);
    }
  }

  /**
   * The configuration with one point of each family's hyper-parameter grid: the shallowest GBT and
   * the middle logistic penalty, and a GBT of {@link #DEMO_GBT_ROUNDS} rounds whose step keeps the
   * configured total shrinkage (rounds × step size). A small book cannot tell the grid's points
   * apart, each point is a model fitted and scored, and each boosting round costs a few Spark jobs
   * whatever the rows.
   */
  static Config narrowedSearch(Config config) {
    String depth = ConfigKeys.MODELS + "gbt.max-depth";
    String reg = ConfigKeys.MODELS + "logistic.reg-param";
    String rounds = ConfigKeys.MODELS + "gbt.max-iter";
    String step = ConfigKeys.MODELS + "gbt.step-size";
    List<Double> penalties = config.getDoubleList(reg);
    int configuredRounds = config.getIntList(rounds).get(0);
    double configuredStep = config.getDoubleList(step).get(0);
    int demoRounds = Math.min(configuredRounds, DEMO_GBT_ROUNDS);
    double demoStep = Math.min(1.0, configuredStep * configuredRounds / demoRounds);
    return ConfigFactory.parseMap(
            Map.of(
                depth,
                List.of(Collections.min(config.getIntList(depth))),
                reg,
                List.of(penalties.get(penalties.size() / 2)),
                rounds,
                List.of(demoRounds),
                step,
                List.of(demoStep)))
        .withFallback(config);
  }

  /** Boosting rounds of the demo's GBT models (the configured default is 50). */
  static final int DEMO_GBT_ROUNDS = 20;

  private void trainUplift(
      SparkSession spark, Config config, Lake lake, LocalDate from, LocalDate to) {
    TrainUpliftJob.Report trained;
    try {
      trained =
          TrainUpliftJob.run(
              spark,
              lake,
              new TrainUpliftJob.Options(
                  LabelCatalog.PAID_OVERDUE_7D,
                  from,
                  to,
                  null,
                  List.of(UpliftModel.Estimator.T_LEARNER, UpliftModel.Estimator.S_LEARNER),
                  DelinquencyModel.Family.GBT,
                  ModelConfig.settings(config)));
    } catch (JobFailedException e) {
      System.out.println("   not trained: " + e.getMessage());
      return;
    }
    System.out.print(indent(trained.render()));
    String qini = Metrics.qini(Metrics.CALL_VS_MESSAGE);
    trained.models().stream()
        .filter(m -> m.metrics().get(qini) != null)
        .max(Comparator.comparingDouble(m -> m.metrics().get(qini)))
        .ifPresent(m -> promoteOrForce(spark, config, lake, m.modelId()));
  }

  private void promoteOrForce(SparkSession spark, Config config, Lake lake, String modelId) {
    // A small book has too few events for the gate; forcing (with the reason recorded in the
    // registry) still gives the label a champion to inspect.
    PromoteModelJob.promoteOrForce(
            spark,
            lake,
            modelId,
            "demo book of " + accounts + " accounts: too few events for the gate",
            ModelConfig.thresholds(config))
        .forEach(l -> System.out.println("   " + l.replace("\n", "\n   ")));
  }

  private void evaluatePolicy(SparkSession spark, Config config, Lake lake, LocalDate date) {
    try {
      EvaluatePolicyJob.Report report =
          EvaluatePolicyJob.run(
              spark,
              lake,
              new EvaluatePolicyJob.Options(
                  date,
                  PolicyConfig.settings(config),
                  (long) DEMO_AGENTS * DEMO_CALLS_PER_AGENT,
                  List.of(0.5, 1.0, 2.0),
                  3,
                  5,
                  30,
                  BookSimulator.After.USUAL_PROCESS));
      System.out.print(indent(report.render()));
      System.out.println(
          "   (a book this small has few past-due accounts: the benchmark measures the same at"
              + " 100,000 accounts, docs/TREATMENT_EFFECTS.md)");
    } catch (JobFailedException e) {
      System.out.println("   not evaluated: " + e.getMessage());
    }
  }

  /**
   * Why the demo publishes a night whose drift checks fail: its book begins with the first month,
   * so the early training dates have less than a year of history in their 365-day windows.
   */
  static final String DEMO_ACCEPTANCE =
      "demo book starts in its first month: the training dates' 365-day windows hold less history"
          + " than tonight's";

  /** Calls the demo floor places: a small book needs a small floor to show the capacity rule. */
  static final int DEMO_AGENTS = 2;

  static final int DEMO_CALLS_PER_AGENT = 4;

  private void scoreAndPublish(SparkSession spark, Config config, Lake lake, LocalDate date) {
    PolicySettings configured = PolicyConfig.settings(config);
    PolicySettings policy =
        configured.toBuilder()
            .capacity(
                new PolicySettings.Capacity(
                    DEMO_AGENTS,
                    DEMO_CALLS_PER_AGENT,
                    configured.capacity().poolBy(),
                    configured.capacity().poolAgents()))
            .build();
    System.out.printf(
        "   policy %s, demo floor: %d agents x %d calls%n",
        policy.version(), DEMO_AGENTS, DEMO_CALLS_PER_AGENT);
    ScoreJob.Report report;
    try {
      report = ScoreJob.run(spark, lake, new ScoreJob.Options(date, policy));
    } catch (JobFailedException e) {
      System.out.println("   not scored: " + e.getMessage());
      return;
    }
    System.out.print(indent(report.render().stripTrailing()));
    QualityGateJob.Report checks =
        QualityGateJob.run(spark, lake, date, QualitySettings.of(config));
    System.out.print(indent(checks.render(5)));
    Optional<String> accepted = Optional.empty();
    if (checks.worst() == Severity.ERROR) {
      accepted = Optional.of(DEMO_ACCEPTANCE);
      System.out.println(
          "   callwise nightly stops here and publishes nothing; the demo publishes as an operator"
              + " would after review:\n     callwise publish --date "
              + date
              + " --accept-failed-checks \""
              + DEMO_ACCEPTANCE
              + "\"");
    }
    System.out.print(indent(PublishJob.run(spark, lake, date, accepted).render()));
    System.out.println("   head of the call queue (contact date " + date.plusDays(1) + "):");
    System.out.print(indent(callQueueHead(spark, lake, date, 10)));
    Dataset<Row> decisions = ScoreJob.decisions(spark, lake, date);
    System.out.print(DecisionAudit.render(ScoreJob.audit(spark, lake, date, policy, decisions)));
    System.out.println(
        "   (callwise nightly --date D runs ingest -> features -> score -> checks -> publish, each"
            + " once)");
  }

  /** The first rows of a date's call queue with their reasons. */
  static String callQueueHead(SparkSession spark, Lake lake, LocalDate date, int rows) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%4s  %-10s %-4s %6s %9s %4s  %-23s %3s  %s%n",
                "#",
                "account",
                "tier",
                "pd",
                "exp.loss",
                "dpd",
                "window (UTC)",
                "att",
                "top reasons"));
    for (Row r :
        Tables.CONTACT_QUEUE
            .read(spark, lake)
            .filter(
                col("score_date")
                    .equalTo(lit(Date.valueOf(date)))
                    .and(col("channel").equalTo(Channel.CALL.name())))
            .orderBy(col("call_pool"), col("queue_position"))
            .limit(rows)
            .collectAsList()) {
      List<Row> reasons = r.getList(r.fieldIndex("reasons"));
      String why =
          String.join(
              ", ", reasons.stream().map(x -> x.getString(0) + "=" + x.getString(1)).toList());
      DateTimeFormatter hm = DateTimeFormatter.ofPattern("MM-dd HH:mm");
      String window =
          hm.format(r.getTimestamp(r.fieldIndex("window_start_utc")).toLocalDateTime())
              + "-"
              + r.getTimestamp(r.fieldIndex("window_end_utc")).toLocalDateTime().toLocalTime();
      b.append(
          String.format(
              Locale.ROOT,
              "%4d  %-10s %-4s %6.3f %9.2f %4d  %-23s %3d  %s%n",
              r.getLong(r.fieldIndex("queue_position")),
              r.getString(r.fieldIndex("account_id")),
              r.getString(r.fieldIndex("tier")),
              r.getDouble(r.fieldIndex("pd")),
              r.getDouble(r.fieldIndex("expected_loss")),
              r.getInt(r.fieldIndex("dpd_current")),
              window,
              r.getInt(r.fieldIndex("call_attempts_remaining")),
              why));
    }
    return b.toString();
  }

  /** Pooled roll-rate matrix: rows are the state at a month end, columns the next month end's. */
  static String rollRateMatrix(SparkSession spark, Lake lake) {
    List<String> states = PortfolioViews.rollStates();
    Map<String, Map<String, Long>> counts = new HashMap<>();
    for (Row r :
        Tables.ROLL_RATES
            .read(spark, lake)
            .groupBy("from_state", "to_state")
            .agg(sum("accounts").as("n"))
            .collectAsList()) {
      counts
          .computeIfAbsent(r.getString(0), k -> new HashMap<>())
          .put(r.getString(1), r.getLong(2));
    }
    StringBuilder b = new StringBuilder(String.format("%-12s", "from \\ to"));
    states.forEach(s -> b.append(String.format("%12s", s)));
    b.append('\n');
    for (String from : states) {
      Map<String, Long> row = counts.get(from);
      if (row == null) {
        continue;
      }
      long total = row.values().stream().mapToLong(Long::longValue).sum();
      b.append(String.format("%-12s", from));
      for (String to : states) {
        long n = row.getOrDefault(to, 0L);
        b.append(
            n == 0
                ? String.format("%12s", ".")
                : String.format(Locale.ROOT, "%11.1f%%", 100.0 * n / total));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String indent(String text) {
    return "   " + text.replace("\n", "\n   ").stripTrailing() + "\n";
  }
}
