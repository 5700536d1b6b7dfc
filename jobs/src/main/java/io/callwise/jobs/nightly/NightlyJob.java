package io.callwise.jobs.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.callwise.features.FeatureCatalog;
import io.callwise.features.Snapshots;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.features.BuildFeaturesJob;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.ingest.Landing;
import io.callwise.jobs.ingest.LandingIngest;
import io.callwise.jobs.quality.QualityGateJob;
import io.callwise.jobs.quality.QualitySettings;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.runtime.StageLog;
import io.callwise.jobs.scoring.PublishJob;
import io.callwise.jobs.scoring.ScoreJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.LakeTable;
import io.callwise.jobs.storage.Tables;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.ScoringTables;
import io.callwise.quality.Severity;
import io.callwise.scoring.Scoring;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code callwise nightly --date D}: ingest (when an export is given) → features for D → score →
 * data-quality checks → publish (not when a check failed with an error). Each step's output is an
 * idempotent, single-commit write; a step is logged in {@code {root}/ops/nightly_steps} with a
 * fingerprint of its inputs after it succeeds, and skipped when the log holds the same fingerprint.
 * A crash anywhere leaves at most one step unlogged, which the next run repeats with the same
 * result; publish adds its own once-per-run guard.
 */
public final class NightlyJob {

  private NightlyJob() {}

  public static final String INGEST = "ingest";
  public static final String FEATURES = "features";
  public static final String SCORE = "score";
  public static final String CHECKS = "checks";
  public static final String PUBLISH = "publish";

  /**
   * @param ingest an export given explicitly (--input), ingested first
   * @param landing otherwise, the landing root whose new complete batches are ingested, in order
   * @param ingestOf how a discovered batch is ingested
   */
  public record Options(
      LocalDate date,
      Optional<IngestOptions> ingest,
      Optional<String> landing,
      Function<Landing.Batch, IngestOptions> ingestOf,
      PolicySettings policy,
      QualitySettings quality,
      long broadcastMaxAccounts) {

    /** A night that ingests only {@code ingest}, discovering nothing. */
    public Options(
        LocalDate date,
        Optional<IngestOptions> ingest,
        PolicySettings policy,
        QualitySettings quality,
        long broadcastMaxAccounts) {
      this(date, ingest, Optional.empty(), b -> null, policy, quality, broadcastMaxAccounts);
    }
  }

  /** What happened to a step tonight. */
  public enum StepStatus {
    /** Done now. */
    RAN,
    /** Already done for the date with the same inputs, or nothing to do. */
    SKIPPED,
    /** Stopped the night: the steps after it did not run. */
    FAILED
  }

  public record Step(String name, String status, String detail, double seconds) {}

  /**
   * The night: the steps that ran, were skipped or failed, in order, and the failure that stopped
   * it (null when it completed).
   */
  public record Report(LocalDate date, List<Step> steps, RuntimeException failure) {

    public boolean failed() {
      return failure != null;
    }

    /** The report as a JSON object for schedulers: date, status, steps, error. */
    public Map<String, Object> summary() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("command", "nightly");
      m.put("date", date.toString());
      m.put("status", failed() ? "FAILED" : "SUCCEEDED");
      List<Map<String, Object>> list = new ArrayList<>();
      for (Step s : steps) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", s.name());
        step.put("status", s.status());
        step.put("seconds", Math.round(s.seconds() * 10) / 10.0);
        step.put("detail", s.detail());
        list.add(step);
      }
      m.put("steps", list);
      m.put("error", failed() ? String.valueOf(failure.getMessage()) : null);
      return m;
    }

    public String render() {
      StringBuilder b = new StringBuilder("nightly " + date + "\n");
      for (Step s : steps) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-9s %-8s %6.1f s  %s%n",
                s.name(),
                s.status(),
                s.seconds(),
                s.detail()));
      }
      return b.toString();
    }
  }

  /**
   * Runs the night's steps in order; the first that fails stops it, and is the report's failure.
   */
  public static Report run(SparkSession spark, Lake lake, Options options) {
    List<Step> steps = new ArrayList<>();
    try {
      runSteps(spark, lake, options, steps);
      return new Report(options.date(), steps, null);
    } catch (RuntimeException e) {
      return new Report(options.date(), steps, e);
    }
  }

  private static void runSteps(SparkSession spark, Lake lake, Options options, List<Step> steps) {
    LocalDate d = options.date();
    Tables.NIGHTLY_STEPS.ensure(spark, lake);

    if (options.ingest().isPresent()) {
      IngestOptions in = options.ingest().get();
      String fp = "batch " + in.settings().batchId();
      step(
          steps,
          spark,
          lake,
          d,
          INGEST,
          fp,
          () -> true,
          () -> {
            List<IngestSummary> s = IngestJob.run(spark, lake, in);
            long rows = s.stream().mapToLong(IngestSummary::accepted).sum();
            return String.format(
                Locale.ROOT, "batch %s: %,d rows accepted", in.settings().batchId(), rows);
          });
    } else if (options.landing().isPresent()) {
      ingestDiscovered(spark, lake, options, steps);
    } else {
      steps.add(new Step(INGEST, StepStatus.SKIPPED.name(), "no export given (--input)", 0));
    }

    String featuresFp =
        "ingest_runs v"
            + Tables.INGEST_RUNS.version(spark, lake)
            + ", catalog "
            + FeatureCatalog.version();
    step(
        steps,
        spark,
        lake,
        d,
        FEATURES,
        featuresFp,
        () ->
            hasRows(
                spark,
                lake,
                Tables.ACCOUNT_FEATURES,
                col(Snapshots.AS_OF_DATE).equalTo(lit(Date.valueOf(d)))),
        () ->
            BuildFeaturesJob.run(
                        spark,
                        lake,
                        new BuildFeaturesJob.Options(
                            Snapshots.of(d), options.broadcastMaxAccounts()))
                    .rowsByDate()
                    .get(d)
                + " accounts");

    String runId;
    try {
      runId =
          Scoring.runId(
              d, ScoreJob.champions(spark, lake), options.policy(), FeatureCatalog.version());
    } catch (RuntimeException e) {
      steps.add(new Step(SCORE, StepStatus.FAILED.name(), firstLine(e), 0));
      throw e;
    }
    String scoreFp = runId + ", features v" + Tables.ACCOUNT_FEATURES.version(spark, lake);
    step(
        steps,
        spark,
        lake,
        d,
        SCORE,
        scoreFp,
        () ->
            hasRows(
                spark,
                lake,
                Tables.ACCOUNT_SCORES,
                col(ScoringTables.SCORE_DATE)
                    .equalTo(lit(Date.valueOf(d)))
                    .and(col(ScoringTables.RUN_ID).equalTo(runId))),
        () -> {
          ScoreJob.Report r = ScoreJob.run(spark, lake, new ScoreJob.Options(d, options.policy()));
          return String.format(Locale.ROOT, "%,d accounts, run %s", r.accounts(), r.runId());
        });

    // The gates: an error stops the night here, with nothing published; the step is not logged,
    // so the next run checks again (after the data or the thresholds were fixed).
    String checksFp =
        runId
            + ", scores v"
            + Tables.ACCOUNT_SCORES.version(spark, lake)
            + ", "
            + options.quality();
    step(
        steps,
        spark,
        lake,
        d,
        CHECKS,
        checksFp,
        () -> true,
        () -> {
          QualityGateJob.Report r = QualityGateJob.run(spark, lake, d, options.quality());
          if (r.worst() == Severity.ERROR) {
            throw new JobFailedException(
                r.render()
                    + "Nothing was published for "
                    + d
                    + ". Fix the input or the thresholds (callwise.quality) and run the night"
                    + " again, or publish anyway: callwise publish --date "
                    + d
                    + " --accept-failed-checks REASON. Results: "
                    + Tables.DQ_RESULTS.path(lake));
          }
          return r.summary()
              + (r.worst() == Severity.WARNING
                  ? " (flagged: see " + Tables.DQ_RESULTS.name() + ")"
                  : "");
        });

    step(
        steps,
        spark,
        lake,
        d,
        PUBLISH,
        runId,
        () -> true,
        () -> {
          PublishJob.Report r = PublishJob.run(spark, lake, d, Optional.empty());
          return r.outcome() + ": " + r.detail();
        });
  }

  /**
   * The landing root's new complete batches ({@link LandingIngest}); the first that fails stops the
   * night before anything is published.
   */
  private static void ingestDiscovered(
      SparkSession spark, Lake lake, Options options, List<Step> steps) {
    String landing = options.landing().get();
    List<String> pending =
        LandingIngest.pending(spark, lake, landing).stream().map(Landing.Batch::id).toList();
    step(
        steps,
        spark,
        lake,
        options.date(),
        INGEST,
        "landing batches " + pending,
        // listing the landing root is cheap and itself idempotent: always done
        () -> false,
        () -> {
          try {
            return LandingIngest.run(spark, lake, landing, options.ingestOf()).render(landing);
          } catch (JobFailedException e) {
            throw new JobFailedException(
                e.getMessage() + " The night stopped before anything was published.");
          }
        });
  }

  /**
   * Runs {@code work} unless the log holds {@code fingerprint} and {@code outputThere} holds; adds
   * the step to {@code steps} (FAILED, then rethrown, when the work throws) and logs its start and
   * end in the stage line format.
   */
  private static void step(
      List<Step> steps,
      SparkSession spark,
      Lake lake,
      LocalDate d,
      String name,
      String fingerprint,
      Supplier<Boolean> outputThere,
      Supplier<String> work) {
    Optional<String> logged = logged(spark, lake, d, name, fingerprint);
    if (logged.isPresent() && outputThere.get()) {
      Step skipped = new Step(name, StepStatus.SKIPPED.name(), "done: " + logged.get(), 0);
      StageLog.end(name, d, skipped.status(), 0, skipped.detail());
      steps.add(skipped);
      return;
    }
    StageLog.start(name, d);
    long t0 = System.nanoTime();
    String detail;
    try {
      detail = work.get();
    } catch (RuntimeException e) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      steps.add(new Step(name, StepStatus.FAILED.name(), firstLine(e), seconds));
      StageLog.end(name, d, StepStatus.FAILED.name(), seconds, firstLine(e));
      throw e;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    record(spark, lake, d, name, fingerprint, seconds, detail);
    StageLog.end(name, d, StepStatus.RAN.name(), seconds, detail);
    steps.add(new Step(name, StepStatus.RAN.name(), detail, seconds));
  }

  private static String firstLine(RuntimeException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  private static Optional<String> logged(
      SparkSession spark, Lake lake, LocalDate d, String step, String fingerprint) {
    List<Row> rows =
        Tables.NIGHTLY_STEPS
            .read(spark, lake)
            .filter(
                col("run_date")
                    .equalTo(lit(Date.valueOf(d)))
                    .and(col("step").equalTo(step))
                    .and(col("fingerprint").equalTo(fingerprint)))
            .select("detail")
            .collectAsList();
    return rows.isEmpty()
        ? Optional.empty()
        : Optional.of(String.valueOf(rows.get(0).getString(0)));
  }

  private static void record(
      SparkSession spark,
      Lake lake,
      LocalDate d,
      String step,
      String fingerprint,
      double seconds,
      String detail) {
    Dataset<Row> row =
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    Date.valueOf(d),
                    step,
                    fingerprint,
                    Timestamp.from(Instant.now()),
                    seconds,
                    detail)),
            Tables.NIGHTLY_STEPS.schema());
    Tables.NIGHTLY_STEPS
        .delta(spark, lake)
        .as("t")
        .merge(row.as("s"), "t.run_date = s.run_date AND t.step = s.step")
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  private static boolean hasRows(SparkSession spark, Lake lake, LakeTable table, Column where) {
    return table.exists(spark, lake) && !table.read(spark, lake).filter(where).limit(1).isEmpty();
  }
}
