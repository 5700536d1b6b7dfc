package io.callwise.jobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.features.FeatureCatalog;
import io.callwise.features.FeatureSpec;
import io.callwise.features.Snapshots;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.scoring.ScoreJob;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.LakeTable;
import io.callwise.jobs.storage.Tables;
import io.callwise.models.DelinquencyModel;
import io.callwise.policy.ScoringTables;
import io.callwise.policy.TreatmentPolicy;
import io.callwise.quality.CheckResult;
import io.callwise.quality.DriftBaseline;
import io.callwise.quality.Severity;
import io.callwise.quality.Threshold;
import io.callwise.quality.ValueRanges;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code callwise check --date D} (and the nightly step between score and publish): the declared
 * data-quality checks of a scored night, each a measure against its {@link QualitySettings}
 * thresholds, written to {@code ops/dq_results}, and the drift of every champion's inputs and PD
 * against its training rows, written to {@code ops/drift} (each date replaced in one commit). Only
 * aggregates reach the driver.
 */
public final class QualityGateJob {

  private QualityGateJob() {}

  public static final String ROW_COUNT_CHANGE = "row_count_change";
  public static final String UNSCORED_ACCOUNTS = "unscored_accounts";
  public static final String ORPHAN_ROWS = "orphan_rows";
  public static final String OUT_OF_RANGE = "out_of_range_values";
  public static final String TREATMENT_SHARE_CHANGE = "treatment_share_change";
  public static final String NULL_SHARE_CHANGE = "null_share_change";
  public static final String FEATURE_PSI = "feature_psi";
  public static final String SCORE_PSI = "score_psi";
  public static final String FRESHNESS = "freshness";

  /** A champion's drift on one column of the night. */
  public record DriftRow(
      String modelId, String label, String column, String kind, DriftBaseline.Drift drift) {}

  /** The night's checks: worst severity first in {@link #render}. */
  public record Report(
      LocalDate date,
      String runId,
      List<CheckResult> results,
      List<DriftRow> drift,
      double seconds) {

    public Severity worst() {
      return Severity.worst(results.stream().map(CheckResult::severity).toList());
    }

    public List<CheckResult> at(Severity s) {
      return results.stream().filter(r -> r.severity() == s).toList();
    }

    /** A one-line count, then every warning and error. */
    public String summary() {
      Map<Severity, Long> n = new TreeMap<>();
      results.forEach(r -> n.merge(r.severity(), 1L, Long::sum));
      return String.format(
          Locale.ROOT,
          "%d checks: %d ok, %d warning, %d error",
          results.size(),
          n.getOrDefault(Severity.OK, 0L),
          n.getOrDefault(Severity.WARNING, 0L),
          n.getOrDefault(Severity.ERROR, 0L));
    }

    /** The summary, every error, then the warnings up to {@code maxWarnings}. */
    public String render(int maxWarnings) {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT, "check %s (run %s): %s, %.1f s%n", date, runId, summary(), seconds));
      at(Severity.ERROR).forEach(r -> b.append("  ").append(r.render()).append('\n'));
      List<CheckResult> warnings = at(Severity.WARNING);
      warnings.stream()
          .limit(maxWarnings)
          .forEach(r -> b.append("  ").append(r.render()).append('\n'));
      if (warnings.size() > maxWarnings) {
        b.append(
            String.format(
                Locale.ROOT,
                "  ... and %d more warnings (ops/dq_results, run_date %s)%n",
                warnings.size() - maxWarnings,
                date));
      }
      return b.toString();
    }

    public String render() {
      return render(20);
    }
  }

  public static Report run(SparkSession spark, Lake lake, LocalDate d, QualitySettings q) {
    long t0 = System.nanoTime();
    Dataset<Row> scores = ScoreJob.decisions(spark, lake, d);
    Dataset<Row> features = ScoreJob.features(spark, lake, d);
    String runId = scores.select(ScoringTables.RUN_ID).first().getString(0);
    List<CheckResult> results = new ArrayList<>();
    results.addAll(freshness(spark, lake, d, q));
    results.add(rowCountChange(spark, lake, Tables.ACCOUNT_FEATURES, Snapshots.AS_OF_DATE, d, q));
    results.add(rowCountChange(spark, lake, Tables.ACCOUNT_SCORES, ScoringTables.SCORE_DATE, d, q));
    results.addAll(coverage(spark, lake, features, scores, q));
    results.addAll(featureRanges(features, q));
    results.addAll(scoreRanges(scores, q));
    results.addAll(treatmentShares(spark, lake, d, q));
    List<DriftRow> drift = drift(spark, lake, features, scores);
    for (DriftRow r : drift) {
      results.addAll(driftChecks(r, q));
    }
    write(spark, lake, d, runId, results, drift, q);
    return new Report(d, runId, results, drift, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * A drift row as checks: its PSI (feature or score) and, for a feature, its missing share. Over
   * fewer than {@code drift-min-rows} rows an error is only a warning: sampling noise alone gives a
   * PSI of about (bins - 1) / rows there.
   */
  static List<CheckResult> driftChecks(DriftRow r, QualitySettings q) {
    DriftBaseline.Drift dr = r.drift();
    String target = r.label() + ": " + r.column();
    boolean isScore = r.kind().equals("score");
    boolean few = dr.rows() < q.driftMinRows();
    String rows =
        String.format(Locale.ROOT, "over %,d rows against model %s", dr.rows(), r.modelId())
            + (few
                ? String.format(
                    Locale.ROOT, " (fewer than %,d rows: at most a warning)", q.driftMinRows())
                : "");
    List<CheckResult> out = new ArrayList<>();
    out.add(
        capped(
            CheckResult.of(
                isScore ? SCORE_PSI : FEATURE_PSI,
                target,
                dr.psi(),
                isScore ? q.scorePsi() : q.featurePsi(),
                "PSI " + rows),
            few));
    if (!isScore) {
      out.add(
          capped(
              CheckResult.of(
                  NULL_SHARE_CHANGE,
                  target,
                  Math.abs(dr.actualNullShare() - dr.expectedNullShare()),
                  q.nullShareChange(),
                  String.format(
                      Locale.ROOT,
                      "missing in %.2f %% of the rows, %.2f %% in training, %s",
                      100 * dr.actualNullShare(),
                      100 * dr.expectedNullShare(),
                      rows)),
              few));
    }
    return out;
  }

  private static CheckResult capped(CheckResult r, boolean few) {
    return few && r.severity() == Severity.ERROR
        ? new CheckResult(
            r.check(), r.target(), r.observed(), r.threshold(), Severity.WARNING, r.detail())
        : r;
  }

  /** Days from each listed bronze table's latest event (on or before D) to D. */
  static List<CheckResult> freshness(
      SparkSession spark, Lake lake, LocalDate d, QualitySettings q) {
    List<CheckResult> out = new ArrayList<>();
    for (Map.Entry<String, Threshold> e : new TreeMap<>(q.freshnessDays()).entrySet()) {
      TableSpec spec = RawTables.byName(e.getKey()).orElseThrow();
      if (!Tables.bronze(spec).exists(spark, lake)) {
        continue;
      }
      LocalDate from = d.minusDays((long) Math.ceil(e.getValue().error()) + 31);
      Row r =
          Bronze.months(spark, lake, spec, from, d)
              .select(to_date(col(spec.eventDateColumn())).as("day"))
              .filter(col("day").leq(lit(Date.valueOf(d))))
              .agg(max("day"))
              .first();
      LocalDate latest = r.isNullAt(0) ? null : r.getDate(0).toLocalDate();
      double days = latest == null ? Double.POSITIVE_INFINITY : ChronoUnit.DAYS.between(latest, d);
      out.add(
          CheckResult.of(
              FRESHNESS,
              spec.name(),
              days,
              e.getValue(),
              latest == null
                  ? "no event since " + from
                  : "latest " + spec.eventDateColumn() + " " + latest));
    }
    return out;
  }

  /** Relative change of a table's rows at D against its latest earlier date within the window. */
  static CheckResult rowCountChange(
      SparkSession spark,
      Lake lake,
      LakeTable table,
      String dateColumn,
      LocalDate d,
      QualitySettings q) {
    LocalDate from = d.minusDays(q.previousNightWithinDays());
    Map<LocalDate, Long> counts = new TreeMap<>();
    table
        .read(spark, lake)
        .filter(col(dateColumn).between(Date.valueOf(from), Date.valueOf(d)))
        .groupBy(dateColumn)
        .count()
        .collectAsList()
        .forEach(r -> counts.put(r.getDate(0).toLocalDate(), r.getLong(1)));
    long now = counts.getOrDefault(d, 0L);
    Optional<LocalDate> previous =
        counts.keySet().stream().filter(x -> x.isBefore(d)).reduce((a, b) -> b);
    if (previous.isEmpty()) {
      return CheckResult.of(
          ROW_COUNT_CHANGE,
          table.name(),
          0,
          q.rowCountChange(),
          String.format(
              Locale.ROOT, "%,d rows; no earlier night since %s to compare with", now, from));
    }
    long before = counts.get(previous.get());
    double change = before == 0 ? (now == 0 ? 0 : 1) : Math.abs(now - before) / (double) before;
    return CheckResult.of(
        ROW_COUNT_CHANGE,
        table.name(),
        change,
        q.rowCountChange(),
        String.format(Locale.ROOT, "%,d rows, %,d on %s", now, before, previous.get()));
  }

  /** Open accounts without a decision, decisions without features, features without account. */
  static List<CheckResult> coverage(
      SparkSession spark,
      Lake lake,
      Dataset<Row> features,
      Dataset<Row> scores,
      QualitySettings q) {
    String id = TreatmentPolicy.ACCOUNT_ID;
    Row r =
        features
            .select(col(id), lit(true).as("f"))
            .join(scores.select(col(id), lit(true).as("s")), id, "full_outer")
            .agg(
                count(lit(1)),
                sum(when(col("f").isNotNull(), 1L).otherwise(0L)),
                sum(when(col("s").isNull(), 1L).otherwise(0L)),
                sum(when(col("f").isNull(), 1L).otherwise(0L)))
            .first();
    long featureRows = r.isNullAt(1) ? 0 : r.getLong(1);
    long unscored = r.isNullAt(2) ? 0 : r.getLong(2);
    long orphanScores = r.isNullAt(3) ? 0 : r.getLong(3);
    long orphanFeatures =
        features
            .select(id)
            .join(
                Bronze.table(spark, lake, RawTables.ACCOUNTS).select(id).distinct(),
                id,
                "left_anti")
            .count();
    return List.of(
        CheckResult.of(
            UNSCORED_ACCOUNTS,
            Tables.ACCOUNT_SCORES.name(),
            featureRows == 0 ? 0 : unscored / (double) featureRows,
            q.unscored(),
            String.format(
                Locale.ROOT,
                "%,d of %,d accounts with features have no decision",
                unscored,
                featureRows)),
        CheckResult.of(
            ORPHAN_ROWS,
            Tables.ACCOUNT_SCORES.name(),
            orphanScores,
            q.orphans(),
            String.format(Locale.ROOT, "%,d decisions without features", orphanScores)),
        CheckResult.of(
            ORPHAN_ROWS,
            Tables.ACCOUNT_FEATURES.name(),
            orphanFeatures,
            q.orphans(),
            String.format(
                Locale.ROOT, "%,d feature rows without an account in bronze", orphanFeatures)));
  }

  /** Values outside the declared range of each catalog feature that has one, in one pass. */
  static List<CheckResult> featureRanges(Dataset<Row> features, QualitySettings q) {
    List<String> have = Arrays.asList(features.columns());
    Map<String, ValueRanges.Range> ranges = new LinkedHashMap<>();
    for (FeatureSpec f : FeatureCatalog.FEATURES) {
      if (have.contains(f.name())) {
        ValueRanges.of(f).ifPresent(r -> ranges.put(f.name(), r));
      }
    }
    return ranges(features, Tables.ACCOUNT_FEATURES.name(), ranges, q);
  }

  static List<CheckResult> scoreRanges(Dataset<Row> scores, QualitySettings q) {
    Map<String, ValueRanges.Range> ranges = new LinkedHashMap<>();
    ranges.put(TreatmentPolicy.PD, new ValueRanges.Range(0.0, 1.0));
    ranges.put(TreatmentPolicy.EXPECTED_LOSS, new ValueRanges.Range(0.0, null));
    ranges.put(TreatmentPolicy.EXPOSURE, new ValueRanges.Range(0.0, null));
    return ranges(scores, Tables.ACCOUNT_SCORES.name(), ranges, q);
  }

  private static List<CheckResult> ranges(
      Dataset<Row> rows, String table, Map<String, ValueRanges.Range> ranges, QualitySettings q) {
    if (ranges.isEmpty()) {
      return List.of();
    }
    List<Column> aggs = new ArrayList<>();
    ranges.forEach(
        (name, range) -> {
          Column v = col("`" + name + "`").cast("double");
          Column out = lit(false);
          if (range.min() != null) {
            out = out.or(v.lt(range.min()));
          }
          if (range.max() != null) {
            out = out.or(v.gt(range.max()));
          }
          aggs.add(sum(when(out, 1L).otherwise(0L)));
        });
    Row r = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    List<CheckResult> out = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, ValueRanges.Range> e : ranges.entrySet()) {
      long n = r.isNullAt(i) ? 0 : r.getLong(i);
      i++;
      ValueRanges.Range range = e.getValue();
      out.add(
          CheckResult.of(
              OUT_OF_RANGE,
              table + "." + e.getKey(),
              n,
              q.outOfRange(),
              String.format(
                  Locale.ROOT,
                  "%,d values outside [%s, %s]",
                  n,
                  range.min() == null ? "-inf" : range.min(),
                  range.max() == null ? "inf" : range.max())));
    }
    return out;
  }

  /** Absolute change of each treatment's share of the decisions against the previous night. */
  static List<CheckResult> treatmentShares(
      SparkSession spark, Lake lake, LocalDate d, QualitySettings q) {
    LocalDate from = d.minusDays(q.previousNightWithinDays());
    Map<LocalDate, Map<String, Long>> counts = new TreeMap<>();
    Tables.ACCOUNT_SCORES
        .read(spark, lake)
        .filter(col(ScoringTables.SCORE_DATE).between(Date.valueOf(from), Date.valueOf(d)))
        .groupBy(ScoringTables.SCORE_DATE, TreatmentPolicy.TREATMENT)
        .count()
        .collectAsList()
        .forEach(
            r ->
                counts
                    .computeIfAbsent(r.getDate(0).toLocalDate(), k -> new TreeMap<>())
                    .put(r.getString(1), r.getLong(2)));
    Map<String, Long> now = counts.getOrDefault(d, Map.of());
    Optional<LocalDate> previous =
        counts.keySet().stream().filter(x -> x.isBefore(d)).reduce((a, b) -> b);
    Map<String, Long> before = previous.map(counts::get).orElse(Map.of());
    long nowTotal = now.values().stream().mapToLong(Long::longValue).sum();
    long beforeTotal = before.values().stream().mapToLong(Long::longValue).sum();
    TreeSet<String> treatments = new TreeSet<>(now.keySet());
    treatments.addAll(before.keySet());
    List<CheckResult> out = new ArrayList<>();
    for (String t : treatments) {
      double shareNow = nowTotal == 0 ? 0 : now.getOrDefault(t, 0L) / (double) nowTotal;
      if (previous.isEmpty()) {
        out.add(
            CheckResult.of(
                TREATMENT_SHARE_CHANGE,
                t,
                0,
                q.treatmentShareChange(),
                String.format(
                    Locale.ROOT,
                    "%.2f %% of decisions; no earlier night since %s to compare with",
                    100 * shareNow,
                    from)));
        continue;
      }
      double shareBefore = beforeTotal == 0 ? 0 : before.getOrDefault(t, 0L) / (double) beforeTotal;
      out.add(
          CheckResult.of(
              TREATMENT_SHARE_CHANGE,
              t,
              Math.abs(shareNow - shareBefore),
              q.treatmentShareChange(),
              String.format(
                  Locale.ROOT,
                  "%.2f %% of decisions, %.2f %% on %s",
                  100 * shareNow,
                  100 * shareBefore,
                  previous.get())));
    }
    return out;
  }

  /**
   * Each model that decided the night, measured on the accounts it scored: its features against its
   * training rows' and its PD against its training PD; a model saved without a baseline is left
   * out.
   */
  static List<DriftRow> drift(
      SparkSession spark, Lake lake, Dataset<Row> features, Dataset<Row> scores) {
    ModelRegistry registry = new ModelRegistry(spark, lake);
    List<Row> models =
        scores
            .filter(col(ScoringTables.MODEL_ID).isNotNull())
            .select(ScoringTables.MODEL_ID, ScoringTables.MODEL_LABEL)
            .distinct()
            .orderBy(ScoringTables.MODEL_ID)
            .collectAsList();
    List<DriftRow> out = new ArrayList<>();
    String id = TreatmentPolicy.ACCOUNT_ID;
    for (Row m : models) {
      String modelId = m.getString(0);
      String label = m.getString(1);
      Optional<ModelRegistry.Entry> entry = registry.find(modelId);
      if (entry.isEmpty()) {
        continue;
      }
      DelinquencyModel model = DelinquencyModel.load(spark, entry.get().artifactUri());
      DriftBaseline baseline = model.spec().baseline();
      if (baseline == null) {
        continue;
      }
      Dataset<Row> scored =
          features
              .drop(TreatmentPolicy.PD)
              .join(
                  scores
                      .filter(col(ScoringTables.MODEL_ID).equalTo(modelId))
                      .select(col(id), col(TreatmentPolicy.PD)),
                  id);
      for (DriftBaseline.Drift dr : baseline.measure(scored, TreatmentPolicy.PD)) {
        boolean isScore = dr.name().equals(DelinquencyModel.PD);
        out.add(new DriftRow(modelId, label, dr.name(), isScore ? "score" : "feature", dr));
      }
    }
    return out;
  }

  private static void write(
      SparkSession spark,
      Lake lake,
      LocalDate d,
      String runId,
      List<CheckResult> results,
      List<DriftRow> drift,
      QualitySettings q) {
    Timestamp at = Timestamp.from(Instant.now());
    Date day = Date.valueOf(d);
    List<Row> rows = new ArrayList<>();
    for (CheckResult r : results) {
      rows.add(
          RowFactory.create(
              day,
              runId,
              r.check(),
              r.target(),
              r.severity().name(),
              Double.isFinite(r.observed()) ? r.observed() : null,
              r.threshold().warning(),
              r.threshold().error(),
              r.detail(),
              at));
    }
    String slice = "run_date = DATE'" + d + "'";
    Tables.DQ_RESULTS.replace(
        spark, lake, spark.createDataFrame(rows, Tables.DQ_RESULTS.schema()), slice);
    List<Row> driftRows = new ArrayList<>();
    for (DriftRow r : drift) {
      DriftBaseline.Drift dr = r.drift();
      Severity severity = driftChecks(r, q).get(0).severity();
      driftRows.add(
          RowFactory.create(
              day,
              runId,
              r.modelId(),
              r.label(),
              r.column(),
              r.kind(),
              dr.rows(),
              dr.psi(),
              dr.expectedNullShare(),
              dr.actualNullShare(),
              severity.name(),
              at));
    }
    Tables.DRIFT.replace(
        spark, lake, spark.createDataFrame(driftRows, Tables.DRIFT.schema()), slice);
  }
}
