package io.callwise.jobs.cli;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;

import com.typesafe.config.Config;
import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.features.Snapshots;
import io.callwise.ingest.IngestStatus;
import io.callwise.ingest.IngestSummary;
import io.callwise.ingest.LakeTables;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.features.BuildFeaturesJob;
import io.callwise.jobs.features.BuildLabelsJob;
import io.callwise.jobs.features.BuildPortfolioViewsJob;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.generate.SimulationRecord;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.ingest.Landing;
import io.callwise.jobs.models.ModelConfig;
import io.callwise.jobs.models.PromoteModelJob;
import io.callwise.jobs.models.TrainModelJob;
import io.callwise.jobs.models.TrainUpliftJob;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.runtime.PhaseMeter;
import io.callwise.jobs.scoring.EvaluatePolicyJob;
import io.callwise.jobs.scoring.PolicyConfig;
import io.callwise.jobs.scoring.PublishJob;
import io.callwise.jobs.scoring.ScoreJob;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.DeltaOutputs;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.LakeTable;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import io.callwise.models.DelinquencyModel;
import io.callwise.models.Metrics;
import io.callwise.models.UpliftModel;
import io.callwise.policy.PolicySettings;
import io.callwise.synth.BookSimulator;
import io.callwise.synth.SimulationParams;
import io.callwise.synth.SyntheticBook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code callwise benchmark}: measures generate, ingest, features (one date and a 12-month-end
 * backfill), labels and portfolio views, then training and scoring, on a synthetic book of the
 * given size (or only some phases: --nightly-only, --train-only, --score-only, over a kept book
 * with --reuse) and prints wall time, rows per second and peak memory of this JVM (in local mode
 * the driver is also the executor, so this is the whole job's memory).
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    header =
        "Measure generate, ingest, features (1 date, then 12 month ends in one pass, then 1 date again), labels and portfolio views on a synthetic book of --accounts x --months, in {root}/benchmark/{accounts}x{months} (wiped first unless --reuse).",
    description = "Prints wall time, rows/s (accounts x dates for features), peak memory.")
public final class BenchmarkCommand extends JobCommand {

  @Option(names = "--accounts", description = "Accounts (default: 100000).")
  long accounts = 100_000;

  @Option(names = "--months", description = "Months of history (default: 12).")
  int months = 12;

  @Option(names = "--defect-rate", description = "Share of rows with a defect (default: 0.001).")
  double defectRate = 0.001;

  @Option(
      names = "--reuse",
      description =
          "Keep the book already generated and ingested in the benchmark folder; measure only the"
              + " phases after ingest.")
  boolean reuse;

  @Option(
      names = "--bronze-directly",
      description =
          "Write the synthetic book straight into the bronze tables (no CSV export, no"
              + " validation), to measure the phases after ingest on books whose ingest alone"
              + " would take too long; the full-history ingest is then not measured. The rows of"
              + " the book's last 24 hours are left out of bronze and exported as CSV instead:"
              + " the night ingests them first (phase ingest-1-day).")
  boolean bronzeDirectly;

  @Option(
      names = "--nightly-only",
      description =
          "After ingest, measure only the night: the features of the last complete day (first"
              + " run), then its score and publish when every label has a champion.")
  boolean nightlyOnly;

  @Option(
      names = "--train-only",
      description =
          "With --reuse: measure only the training of both labels' models on the features and"
              + " labels already built.")
  boolean trainOnly;

  @Option(
      names = "--score-only",
      description =
          "With --reuse: measure only scoring + policy + publish of the last month end (the"
              + " features of that date and a champion per label must be there).")
  boolean scoreOnly;

  @Option(
      names = "--policy-only",
      description =
          "With --reuse: measure only the treatment-effect models (trained on the month ends'"
              + " features and treatment outcomes, the better promoted) and the evaluation of the"
              + " call allocations on the second-to-last month end against the truth, at the"
              + " configured capacity.")
  boolean policyOnly;

  @Option(
      names = "--record",
      paramLabel = "FILE",
      description =
          "Append this run's phases and goals, with the machine and the date, to FILE as Markdown"
              + " (docs/BENCHMARKS.md keeps the runs the figures there come from).")
  Path record;

  SimulationParams params;
  private PhaseMeter meter;
  private final List<PhaseMeter.Phase> measured = new ArrayList<>();

  @Override
  protected void validate(Config config) {
    if (scoreOnly && !reuse) {
      throw new IllegalArgumentException(
          "--score-only needs --reuse (it scores the features and champions already there)");
    }
    if (policyOnly && !reuse) {
      throw new IllegalArgumentException(
          "--policy-only needs --reuse (it uses the features, outcomes and champions already"
              + " there)");
    }
    if (trainOnly && !reuse) {
      throw new IllegalArgumentException(
          "--train-only needs --reuse (it trains on the features and labels already built)");
    }
    // Bronze written directly holds only valid rows: the book is generated without defects.
    params =
        new SimulationParams(
            7, accounts, LocalDate.parse("2025-01-01"), months, bronzeDirectly ? 0 : defectRate);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    Lake bench = Lake.at(lake.root() + "/benchmark/" + accounts + "x" + months);
    boolean reusing = reuse && Tables.INGEST_RUNS.exists(spark, bench);
    if (!reusing) {
      wipe(spark, bench.root());
    }
    String landing = bench.landing("bench");
    System.out.printf(
        Locale.ROOT,
        "benchmark %,d accounts x %d months on %d cores, max heap %d MiB, Spark master %s%n",
        accounts,
        months,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        spark.sparkContext().master());
    System.out.println(BenchmarkReport.header());
    meter = new PhaseMeter(spark.sparkContext());

    if (!reusing && bronzeDirectly) {
      writeBronzeDirectly(spark, bench);
    } else if (!reusing) {
      generateAndIngest(spark, config, bench, landing);
    }
    boolean only = trainOnly || scoreOnly || policyOnly;
    if (!only) {
      keepPreviousNight(spark, config, bench);
      measureNightIngest(spark, config, bench);
    }
    // The dates every phase works on, read once from the ingested book: its last complete day
    // (the night) and the last month end up to it (the 12 month ends end there).
    LocalDate last = Bronze.coverage(spark, bench).completeThrough();
    LocalDate monthEnd =
        last.getDayOfMonth() == last.lengthOfMonth() ? last : last.withDayOfMonth(1).minusDays(1);
    if (!only) {
      measureFeatures(spark, config, bench, last, monthEnd, nightlyOnly);
    }
    if (!nightlyOnly && (!only || trainOnly)) {
      writeTruthIfMissing(spark, bench);
      measureTraining(spark, config, bench, monthEnd);
    }
    if (nightlyOnly && !only) {
      measureScoring(spark, config, bench, last);
    } else if (!only || scoreOnly) {
      measureScoring(spark, config, bench, monthEnd);
    }
    if (!nightlyOnly && (!only || policyOnly)) {
      writeTruthIfMissing(spark, bench);
      measurePolicy(spark, config, bench, monthEnd);
    }
    BenchmarkReport report =
        new BenchmarkReport(
            accounts, months, BenchmarkReport.Machine.here(spark), LocalDate.now(), measured);
    System.out.print(report.goals());
    if (record != null) {
      report.appendTo(record);
      System.out.println("recorded in " + record);
    }
    return 0;
  }

  /**
   * The simulator's ground truth of the book (true monthly miss probability, response types), so
   * that training reports each model's AUC against the truth's on the same rows; a book written
   * straight to bronze has none until then. Not part of any measured phase.
   */
  private void writeTruthIfMissing(SparkSession spark, Lake bench) {
    SimulationRecord.write(spark, bench.root() + "/truth", params);
    for (String name : List.of(BookSimulator.TRUTH_BORROWERS, BookSimulator.TRUTH_MONTHLY)) {
      if (!Lake.isDeltaTable(spark, bench.truth(name))) {
        SyntheticBook.truthTable(spark, params, name, Math.max(1, (int) (accounts / 20_000)))
            .write()
            .format("delta")
            .mode("overwrite")
            .save(bench.truth(name));
      }
    }
  }

  /** The batch that delivers the book's last day, as a nightly export would. */
  static final String NIGHT_BATCH = "night";

  /**
   * Whether a row of {@code spec} happened before {@code cutoff}, by its event column (a date
   * counts from midnight UTC); a row without one counts as before.
   */
  static Column before(TableSpec spec, Instant cutoff) {
    var event = spec.field(spec.eventDateColumn()).orElseThrow();
    return coalesce(
        col(event.name()).cast(event.type()).cast("timestamp").lt(lit(Timestamp.from(cutoff))),
        lit(true));
  }

  /**
   * The book typed by a cast of each contract column and written as bronze (plus the ingest-run
   * rows that record the export's as-of time), without the CSV round trip and validation. Bronze
   * gets every row that happened before the export the day before the book's own ({@link
   * SyntheticBook#exportedAt} less a day); the rows after it are exported as CSV, batch {@value
   * #NIGHT_BATCH}, for the night to ingest ({@link #measureNightIngest}). A row of an older event
   * that changed during that last day (a reversal, a resolution) is in bronze with its change.
   */
  private void writeBronzeDirectly(SparkSession spark, Lake bench) {
    meter.start();
    Instant asOf = SyntheticBook.exportedAt(params).minus(Duration.ofDays(1));
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> runs = new ArrayList<>();
    long total = 0;
    for (TableSpec spec : RawTables.ALL) {
      Dataset<Row> raw =
          SyntheticBook.rawTable(spark, params, spec, GenerateJob.defaultPartitions(accounts))
              .filter(before(spec, asOf));
      List<Column> cols = new ArrayList<>();
      spec.fields().forEach(f -> cols.add(col(f.name()).cast(f.type()).as(f.name())));
      cols.add(lit("bench").as(LakeTables.BATCH_ID));
      cols.add(lit(now).as(LakeTables.INGESTED_AT));
      if (LakeTables.partitionedByMonth(spec)) {
        cols.add(
            date_format(
                    col(spec.eventDateColumn())
                        .cast(spec.field(spec.eventDateColumn()).orElseThrow().type()),
                    "yyyy-MM")
                .as(LakeTables.EVENT_MONTH));
      }
      LakeTable bronze = Tables.bronze(spec);
      bronze.replaceAll(spark, bench, raw.select(cols.toArray(Column[]::new)));
      long n = bronze.read(spark, bench).count();
      total += n;
      runs.add(
          RowFactory.create(
              "bench",
              spec.name(),
              IngestStatus.INGESTED.name(),
              "synthetic book, written directly",
              "synthetic",
              n,
              n,
              0L,
              Map.of(),
              List.of(),
              Timestamp.from(asOf),
              now,
              Timestamp.from(Instant.now())));
    }
    Tables.INGEST_RUNS.replaceAll(
        spark, bench, spark.createDataFrame(runs, LakeTables.INGEST_RUNS));
    phase("bronze", total);
    String night = bench.landing(NIGHT_BATCH);
    Map<String, Long> rows = new LinkedHashMap<>();
    for (TableSpec spec : RawTables.ALL) {
      rows.put(
          spec.name(),
          GenerateJob.writeCsv(
              SyntheticBook.rawTable(spark, params, spec, GenerateJob.defaultPartitions(accounts))
                  .filter(not(before(spec, asOf))),
              night + "/" + spec.name()));
    }
    Landing.writeManifest(spark, night, SyntheticBook.exportedAt(params), rows);
    System.out.printf(
        Locale.ROOT,
        "the last day's export (batch %s, after %s): %,d rows in %s%n",
        NIGHT_BATCH,
        asOf,
        rows.values().stream().mapToLong(Long::longValue).sum(),
        night);
  }

  /**
   * The night before the measured one, not measured: with a day's export waiting (batch {@value
   * #NIGHT_BATCH}) and no DPD history kept yet, the features of the last day bronze covers, so that
   * the measured night finds the history a previous night kept, as a nightly schedule does ({@link
   * Tables#DPD_STATE}). A kept book that has it already (the night's batch then re-ingested, which
   * recomputes the same accounts) skips it.
   */
  private void keepPreviousNight(SparkSession spark, Config config, Lake bench) {
    if (!Lake.exists(spark, bench.landing(NIGHT_BATCH)) || Tables.DPD_STATE.exists(spark, bench)) {
      return;
    }
    LocalDate previous = Bronze.coverage(spark, bench).completeThrough();
    long t0 = System.nanoTime();
    BuildFeaturesJob.Report r =
        BuildFeaturesJob.run(
            spark,
            bench,
            new BuildFeaturesJob.Options(
                Snapshots.of(previous),
                config.getLong(ConfigKeys.FEATURES_BROADCAST_MAX_ACCOUNTS)));
    System.out.printf(
        Locale.ROOT,
        "setup, not measured: the previous night's features (%s), %.1f s; %s%n",
        previous,
        (System.nanoTime() - t0) / 1e9,
        r.history());
  }

  /**
   * Ingests the book's last day (batch {@value #NIGHT_BATCH}, written with a book put straight into
   * bronze) as the night does before its features: the first phase of the night. A kept book
   * ingests it again, which replaces the batch's rows. A book ingested whole has no such batch, and
   * the phase is left out.
   */
  private void measureNightIngest(SparkSession spark, Config config, Lake bench) {
    String night = bench.landing(NIGHT_BATCH);
    if (!Lake.exists(spark, night)) {
      System.out.println(
          "ingest-1-day: not measured: the book was ingested whole (--bronze-directly writes"
              + " the last day apart, as the night's export)");
      return;
    }
    meter.start();
    List<IngestSummary> summaries =
        IngestJob.run(
            spark, bench, IngestOptions.syntheticExport(config, night, NIGHT_BATCH, params));
    phase("ingest-1-day", summaries.stream().mapToLong(IngestSummary::read).sum());
    System.out.print(IngestJob.render(summaries));
  }

  private void generateAndIngest(SparkSession spark, Config config, Lake bench, String landing) {
    meter.start();
    GenerateJob.Report generated =
        GenerateJob.run(
            spark,
            new GenerateJob.Options(
                params, landing, bench.root() + "/truth", GenerateJob.defaultPartitions(accounts)));
    long rows = generated.rows().values().stream().mapToLong(Long::longValue).sum();
    // Each phase is printed as soon as it ends, so a long run cut short still leaves its figures.
    phase("generate", rows);

    meter.start();
    List<IngestSummary> summaries =
        IngestJob.run(
            spark, bench, IngestOptions.syntheticExport(config, landing, "bench", params));
    long read = summaries.stream().mapToLong(IngestSummary::read).sum();
    phase("ingest", read);
    System.out.print(IngestJob.render(summaries));
  }

  /**
   * Features for the last complete day (the nightly run), for the 12 month ends up to it in one
   * pass (a backfill), the nightly run again (warm), then labels and portfolio views. Rows are
   * accounts x dates written.
   */
  private void measureFeatures(
      SparkSession spark,
      Config config,
      Lake bench,
      LocalDate last,
      LocalDate monthEnd,
      boolean nightlyOnly) {
    long broadcast = config.getLong(ConfigKeys.FEATURES_BROADCAST_MAX_ACCOUNTS);
    Snapshots nightly = Snapshots.of(last);
    Snapshots backfill = Snapshots.between(firstOfTwelve(monthEnd), monthEnd, "1M");
    String[][] phases =
        nightlyOnly
            ? new String[][] {{"features-1", "nightly"}}
            : new String[][] {
              {"features-1", "nightly"},
              {"features-12", "backfill"},
              {"features-1-warm", "nightly"}
            };
    for (String[] phase : phases) {
      Snapshots dates = phase[1].equals("nightly") ? nightly : backfill;
      meter.start();
      BuildFeaturesJob.Report r =
          BuildFeaturesJob.run(spark, bench, new BuildFeaturesJob.Options(dates, broadcast));
      long rows = r.rowsByDate().values().stream().mapToLong(Long::longValue).sum();
      phase(phase[0], rows);
      System.out.println("  " + r.history());
    }
    if (nightlyOnly) {
      return;
    }
    meter.start();
    BuildLabelsJob.Report labels =
        BuildLabelsJob.run(
            spark, bench, new BuildLabelsJob.Options(backfill, LabelCatalog.ALL, broadcast, true));
    long labelRows =
        Tables.ACCOUNT_LABELS
            .read(spark, bench)
            .filter(DeltaOutputs.dateIn(Snapshots.AS_OF_DATE, labels.written()))
            .count();
    phase("labels-12", labelRows);
    meter.start();
    BuildPortfolioViewsJob.Report views = BuildPortfolioViewsJob.run(spark, bench, broadcast);
    phase("portfolio", views.rollRateRows() + views.vintageRows());
  }

  /**
   * Trains both labels' models (the configured families) on the 12 month ends' features and labels;
   * rows are the labelled account-dates of the label.
   */
  void measureTraining(SparkSession spark, Config config, Lake bench, LocalDate lastMonthEnd) {
    LocalDate first = firstOfTwelve(lastMonthEnd);
    for (LabelSpec label : LabelCatalog.ALL) {
      meter.start();
      TrainModelJob.Report r =
          TrainModelJob.run(
              spark,
              bench,
              new TrainModelJob.Options(
                  label,
                  first,
                  lastMonthEnd,
                  null,
                  ModelConfig.families(config),
                  ModelConfig.settings(config),
                  config.getInt(ConfigKeys.MODELS_IMPORTANCE_SAMPLE_ROWS)));
      long rows =
          Tables.ACCOUNT_LABELS
              .read(spark, bench)
              .filter(col("label").equalTo(label.name()))
              .count();
      phase("train-" + label.name(), rows);
      System.out.print(r.render());
      // scoring and the policy evaluation need a champion: the better by out-of-time AUC
      r.models().stream()
          .filter(m -> m.metrics().get(Metrics.OOT_AUC) != null)
          .max(Comparator.comparingDouble(m -> m.metrics().get(Metrics.OOT_AUC)))
          .ifPresent(
              m ->
                  PromoteModelJob.promoteOrForce(
                          spark,
                          bench,
                          m.modelId(),
                          "benchmark: scored whatever the gate says",
                          ModelConfig.thresholds(config))
                      .forEach(System.out::println));
    }
  }

  /**
   * Scores {@code date} (champion models, the configured policy) and publishes it; rows are the
   * accounts scored. Skipped, with the reason, when a label has no champion.
   */
  void measureScoring(SparkSession spark, Config config, Lake bench, LocalDate date) {
    PolicySettings policy = PolicyConfig.settings(config);
    meter.start();
    ScoreJob.Report r;
    try {
      r = ScoreJob.run(spark, bench, new ScoreJob.Options(date, policy));
    } catch (JobFailedException e) {
      System.out.println("score: skipped: " + e.getMessage());
      return;
    }
    phase("score", r.accounts());
    unpublish(spark, bench, date, r.runId());
    meter.start();
    PublishJob.Report published = PublishJob.run(spark, bench, date, Optional.empty());
    // A kept book's run may have been published by an earlier benchmark: then nothing is merged,
    // and the phase says so instead of passing for a publication.
    phase(
        published.outcome() == PublishJob.Outcome.PUBLISHED
            ? "publish"
            : "publish-" + published.outcome().name().toLowerCase(Locale.ROOT),
        r.accounts());
    System.out.print(published.render());
    System.out.print(r.render());
  }

  /**
   * A kept book whose run of {@code date} an earlier benchmark published (the same inputs give the
   * same run): its {@code current_priority} restored to the version before that publication, not
   * measured, so that the publish phase does the night's MERGE again rather than finding it done.
   */
  private static void unpublish(SparkSession spark, Lake bench, LocalDate date, String runId) {
    if (!Tables.CURRENT_PRIORITY.exists(spark, bench)) {
      return;
    }
    List<Row> at =
        Tables.CURRENT_PRIORITY
            .delta(spark, bench)
            .history()
            .filter(col("userMetadata").equalTo(PublishJob.marker(date, runId)))
            .select(min("version"))
            .collectAsList();
    if (at.isEmpty() || at.get(0).isNullAt(0)) {
      return;
    }
    long before = at.get(0).getLong(0) - 1;
    Tables.CURRENT_PRIORITY.delta(spark, bench).restoreToVersion(before);
    System.out.printf(
        Locale.ROOT,
        "setup, not measured: run %s was published by an earlier benchmark; current_priority"
            + " restored to version %d, before it%n",
        runId,
        before);
  }

  /**
   * Trains the treatment-effect models on the month ends' features and treatment outcomes, promotes
   * the better by out-of-time Qini (forced, with the reason recorded, when the gate refuses it),
   * and compares the call allocations on the second-to-last month end at the configured capacity (a
   * sweep from 0.25× to 2×) against the simulator's truth.
   */
  void measurePolicy(SparkSession spark, Config config, Lake bench, LocalDate lastMonthEnd) {
    LocalDate first = firstOfTwelve(lastMonthEnd);
    LocalDate evaluated = lastMonthEnd.withDayOfMonth(1).minusDays(1);
    meter.start();
    TrainUpliftJob.Report trained =
        TrainUpliftJob.run(
            spark,
            bench,
            new TrainUpliftJob.Options(
                LabelCatalog.PAID_OVERDUE_7D,
                first,
                evaluated,
                null,
                List.of(UpliftModel.Estimator.T_LEARNER, UpliftModel.Estimator.S_LEARNER),
                DelinquencyModel.Family.GBT,
                ModelConfig.settings(config)));
    long rows = Tables.TREATMENT_OUTCOMES.read(spark, bench).count();
    phase("train-uplift", rows);
    System.out.print(trained.render());
    String qini = Metrics.qini(Metrics.CALL_VS_MESSAGE);
    var best =
        trained.models().stream()
            .filter(m -> m.metrics().get(qini) != null)
            .max(Comparator.comparingDouble(m -> m.metrics().get(qini)));
    if (best.isEmpty()) {
      System.out.println("evaluate-policy: skipped: no treatment-effect model has a Qini");
      return;
    }
    PromoteModelJob.promoteOrForce(
            spark,
            bench,
            best.get().modelId(),
            "benchmark: evaluated whatever the gate says",
            ModelConfig.thresholds(config))
        .forEach(System.out::println);
    meter.start();
    EvaluatePolicyJob.Report r =
        EvaluatePolicyJob.run(
            spark,
            bench,
            new EvaluatePolicyJob.Options(
                evaluated,
                PolicyConfig.settings(config),
                null,
                List.of(0.25, 0.5, 1.0, 2.0),
                15,
                10,
                30,
                BookSimulator.After.USUAL_PROCESS));
    phase("policy-eval", r.pastDue());
    System.out.print(r.render());
  }

  /** The first of the 12 month ends that end at {@code monthEnd}. */
  private static LocalDate firstOfTwelve(LocalDate monthEnd) {
    return monthEnd.minusMonths(11).withDayOfMonth(1).plusMonths(1).minusDays(1);
  }

  /** Ends the phase the meter runs, prints its line and keeps it for the summary. */
  private void phase(String name, long rows) {
    PhaseMeter.Phase p = meter.stop(name, rows);
    measured.add(p);
    System.out.println(BenchmarkReport.line(p));
    System.out.flush();
  }

  private static void wipe(SparkSession spark, String root) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(root);
      FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
      fs.delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + root, e);
    }
  }
}
