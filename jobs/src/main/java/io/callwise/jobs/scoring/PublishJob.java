package io.callwise.jobs.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.policy.ScoringTables;
import io.callwise.policy.TreatmentPolicy;
import io.callwise.quality.Severity;
import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code callwise publish --date D}: a date's account_scores into {@code current_priority}, each
 * account's latest decision, by one MERGE — exactly once per scoring run: the commit carries {@code
 * callwise publish <date> <run id>} as its user metadata, and a run already in the table's history
 * is not merged again (a re-run after a crash between the commit and the step log).
 */
public final class PublishJob {

  private PublishJob() {}

  private static final Logger LOG = LoggerFactory.getLogger(PublishJob.class);

  public enum Outcome {
    PUBLISHED,
    ALREADY_PUBLISHED,
    SUPERSEDED
  }

  public record Report(LocalDate date, String runId, Outcome outcome, String detail) {
    public String render() {
      return "publish " + date + " (run " + runId + "): " + outcome + " — " + detail + "\n";
    }
  }

  static final String DELTA_USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  /** What every publication's commit marker starts with. */
  public static final String MARKER_PREFIX = "callwise publish ";

  /** The commit marker of a published run. */
  public static String marker(LocalDate d, String runId) {
    return MARKER_PREFIX + d + " " + runId;
  }

  /**
   * Whether the table's rows include the commit marked {@code marker}: it is in the history and no
   * {@code RESTORE} since took the table back to a version before it (an operator rolling the table
   * back, then publishing again, gets the run merged again). A restore to a timestamp counts as
   * undoing it: merging a run the table still holds changes nothing.
   */
  static boolean holds(DeltaTable table, String marker) {
    List<Row> history =
        table
            .history()
            .select("version", "operation", "operationParameters", "userMetadata")
            .collectAsList();
    long at = -1;
    for (Row r : history) {
      if (marker.equals(r.getString(3))) {
        at = Math.max(at, r.getLong(0));
      }
    }
    if (at < 0) {
      return false;
    }
    for (Row r : history) {
      if (r.getLong(0) > at && "RESTORE".equals(r.getString(1))) {
        Map<String, String> parameters = r.getJavaMap(2);
        String restored = parameters.get("version");
        if (restored == null || Long.parseLong(restored) < at) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Publishes D's decisions, unless the night's data-quality checks ({@code ops/dq_results}) found
   * an error for its scoring run and {@code acceptFailedChecks} (the operator's reason) is empty.
   */
  public static Report run(
      SparkSession spark, Lake lake, LocalDate d, Optional<String> acceptFailedChecks) {
    Dataset<Row> scores = ScoreJob.decisions(spark, lake, d);
    List<Row> runs = scores.select(ScoringTables.RUN_ID).distinct().limit(2).collectAsList();
    String runId = runs.get(0).getString(0);
    List<String> failed = failedChecks(spark, lake, d, runId);
    if (!failed.isEmpty() && acceptFailedChecks.isEmpty()) {
      throw new JobFailedException(
          "the data-quality checks of "
              + d
              + " (run "
              + runId
              + ") failed: "
              + String.join("; ", failed)
              + ". Nothing was published. Fix the input and run the night again, or publish"
              + " anyway with --accept-failed-checks REASON (see "
              + Tables.DQ_RESULTS.path(lake)
              + ").");
    }
    Tables.CURRENT_PRIORITY.ensure(spark, lake);
    DeltaTable table = Tables.CURRENT_PRIORITY.delta(spark, lake);
    String marker = marker(d, runId);
    if (holds(table, marker)) {
      return new Report(d, runId, Outcome.ALREADY_PUBLISHED, "current_priority has this run");
    }
    Row latest = table.toDF().agg(max(ScoringTables.SCORE_DATE)).first();
    if (!latest.isNullAt(0) && latest.getDate(0).toLocalDate().isAfter(d)) {
      return new Report(
          d,
          runId,
          Outcome.SUPERSEDED,
          "current_priority holds " + latest.getDate(0) + ", a later date; left as it is");
    }
    if (!failed.isEmpty()) {
      LOG.warn(
          "publishing {} (run {}) despite {} failed data-quality checks: {}",
          d,
          runId,
          failed.size(),
          acceptFailedChecks.get());
    }
    Tables.CURRENT_PRIORITY.aboutToWrite(spark, lake);
    String previous = spark.conf().getOption(DELTA_USER_METADATA).getOrElse(() -> null);
    spark.conf().set(DELTA_USER_METADATA, marker);
    try {
      table
          .as("t")
          .merge(scores.as("s"), "t.account_id = s.account_id")
          // current_priority written by an older contract version gains the new columns
          .withSchemaEvolution()
          .whenMatched("s.run_id <> t.run_id OR s.score_date <> t.score_date")
          .updateAll()
          .whenNotMatched()
          .insertAll()
          // An account no longer scored (closed, sold) leaves the current list.
          .whenNotMatchedBySource("t.score_date < DATE'" + d + "'")
          .delete()
          .execute();
      Tables.CURRENT_PRIORITY.wrote(spark, lake);
    } finally {
      if (previous == null) {
        spark.conf().unset(DELTA_USER_METADATA);
      } else {
        spark.conf().set(DELTA_USER_METADATA, previous);
      }
    }
    return new Report(
        d,
        runId,
        Outcome.PUBLISHED,
        "merged into "
            + Tables.CURRENT_PRIORITY.path(lake)
            + " ("
            + TreatmentPolicy.ACCOUNT_ID
            + " key)"
            + (failed.isEmpty()
                ? ""
                : "; " + failed.size() + " failed checks accepted: " + acceptFailedChecks.get()));
  }

  /** The checks of D's run recorded with severity ERROR, as "check on target". */
  static List<String> failedChecks(SparkSession spark, Lake lake, LocalDate d, String runId) {
    if (!Tables.DQ_RESULTS.exists(spark, lake)) {
      return List.of();
    }
    return Tables.DQ_RESULTS
        .read(spark, lake)
        .filter(
            col("run_date")
                .equalTo(lit(Date.valueOf(d)))
                .and(col("run_id").equalTo(runId))
                .and(col("severity").equalTo(Severity.ERROR.name())))
        .orderBy("check_name", "target")
        .select("check_name", "target")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0) + " on " + r.getString(1))
        .toList();
  }
}
