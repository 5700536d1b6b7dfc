package io.callwise.jobs.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.callwise.features.FeatureCatalog;
import io.callwise.features.Snapshots;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.features.BuildFeaturesJob;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.scoring.PublishJob;
import io.callwise.jobs.scoring.ScoreJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.LakeTable;
import io.callwise.jobs.storage.Tables;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.ScoringTables;
import io.callwise.scoring.Scoring;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code callwise nightly --date D}: ingest (when an export is given) → features for D → score →
 * publish. Each step's output is an idempotent, single-commit write; a step is logged in {@code
 * {root}/ops/nightly_steps} with a fingerprint of its inputs after it succeeds, and skipped when
 * the log holds the same fingerprint. A crash anywhere leaves at most one step unlogged, which the
 * next run repeats with the same result; publish adds its own once-per-run guard.
 */
public final class NightlyJob {

  private NightlyJob() {}

  public static final String INGEST = "ingest";
  public static final String FEATURES = "features";
  public static final String SCORE = "score";
  public static final String PUBLISH = "publish";

  public record Options(
      LocalDate date,
      Optional<IngestOptions> ingest,
      PolicySettings policy,
      long broadcastMaxAccounts) {}

  /** One step: RAN or SKIPPED, with what it did. */
  /** What happened to a step tonight. */
  public enum StepStatus {
    /** Done now. */
    RAN,
    /** Already done for the date with the same inputs, or nothing to do. */
    SKIPPED
  }

  public record Step(String name, String status, String detail, double seconds) {}

  public record Report(LocalDate date, List<Step> steps) {
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

  public static Report run(SparkSession spark, Lake lake, Options options) {
    LocalDate d = options.date();
    Tables.NIGHTLY_STEPS.ensure(spark, lake);
    List<Step> steps = new ArrayList<>();

    if (options.ingest().isPresent()) {
      IngestOptions in = options.ingest().get();
      String fp = "batch " + in.settings().batchId();
      steps.add(
          step(
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
              }));
    } else {
      steps.add(new Step(INGEST, StepStatus.SKIPPED.name(), "no export given (--input)", 0));
    }

    String featuresFp =
        "ingest_runs v"
            + Tables.INGEST_RUNS.version(spark, lake)
            + ", catalog "
            + FeatureCatalog.version();
    steps.add(
        step(
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
                    + " accounts"));

    String runId =
        Scoring.runId(
            d, ScoreJob.champions(spark, lake), options.policy(), FeatureCatalog.version());
    String scoreFp = runId + ", features v" + Tables.ACCOUNT_FEATURES.version(spark, lake);
    steps.add(
        step(
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
              ScoreJob.Report r =
                  ScoreJob.run(spark, lake, new ScoreJob.Options(d, options.policy()));
              return String.format(Locale.ROOT, "%,d accounts, run %s", r.accounts(), r.runId());
            }));

    steps.add(
        step(
            spark,
            lake,
            d,
            PUBLISH,
            runId,
            () -> true,
            () -> {
              PublishJob.Report r = PublishJob.run(spark, lake, d);
              return r.outcome() + ": " + r.detail();
            }));
    return new Report(d, steps);
  }

  /** Runs {@code work} unless the log holds {@code fingerprint} and {@code outputThere} holds. */
  private static Step step(
      SparkSession spark,
      Lake lake,
      LocalDate d,
      String name,
      String fingerprint,
      Supplier<Boolean> outputThere,
      Supplier<String> work) {
    Optional<String> logged = logged(spark, lake, d, name, fingerprint);
    if (logged.isPresent() && outputThere.get()) {
      return new Step(name, StepStatus.SKIPPED.name(), "done: " + logged.get(), 0);
    }
    long t0 = System.nanoTime();
    String detail = work.get();
    double seconds = (System.nanoTime() - t0) / 1e9;
    record(spark, lake, d, name, fingerprint, seconds, detail);
    return new Step(name, StepStatus.RAN.name(), detail, seconds);
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
