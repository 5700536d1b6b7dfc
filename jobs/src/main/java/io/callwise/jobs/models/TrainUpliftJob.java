package io.callwise.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.callwise.common.Fingerprints;
import io.callwise.features.FeatureCatalog;
import io.callwise.features.Snapshots;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.Arm;
import io.callwise.labels.OutcomeSpec;
import io.callwise.labels.TreatmentOutcomes;
import io.callwise.models.DelinquencyModel.Family;
import io.callwise.models.HadoopText;
import io.callwise.models.Metrics;
import io.callwise.models.ModelSettings;
import io.callwise.models.ModelTrainer;
import io.callwise.models.Propensity;
import io.callwise.models.TimeSplit;
import io.callwise.models.UpliftMetrics;
import io.callwise.models.UpliftModel;
import io.callwise.models.UpliftModel.Estimator;
import io.callwise.models.UpliftReport;
import io.callwise.models.UpliftTrainer;
import io.callwise.policy.PolicySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code callwise train-uplift}: joins the features with the treatment outcomes of one 0/1 outcome
 * over a date range, splits them in time as delinquency training does, trains each estimator,
 * evaluates it out of time (Qini, AUUC, deciles, arm calibration), saves it with its report and
 * registers it as a candidate of label {@code uplift_<outcome>}.
 */
public final class TrainUpliftJob {

  private TrainUpliftJob() {}

  public record Options(
      OutcomeSpec outcome,
      LocalDate from,
      LocalDate to,
      LocalDate ootFrom,
      List<Estimator> estimators,
      Family family,
      ModelSettings settings) {}

  public record Trained(String modelId, String estimator, Map<String, Double> metrics) {}

  public record Report(String label, List<Trained> models, List<String> lines) {
    public String render() {
      StringBuilder b = new StringBuilder("train-uplift ").append(label).append('\n');
      lines.forEach(l -> b.append("  ").append(l).append('\n'));
      return b.toString();
    }
  }

  public static Report run(SparkSession spark, Lake lake, Options o) {
    if (!Tables.ACCOUNT_FEATURES.exists(spark, lake)
        || !Tables.TREATMENT_OUTCOMES.exists(spark, lake)) {
      throw new JobFailedException(
          "treatment-effect training needs "
              + Tables.ACCOUNT_FEATURES.path(lake)
              + " and "
              + Tables.TREATMENT_OUTCOMES.path(lake)
              + ". Fix: run callwise features and callwise labels for the dates first.");
    }
    String outcome = o.outcome().name();
    String label = PolicySettings.Strategy.upliftLabel(outcome);
    String range =
        Snapshots.AS_OF_DATE + " BETWEEN DATE'" + o.from() + "' AND DATE'" + o.to() + "'";
    Dataset<Row> rows =
        Tables.ACCOUNT_FEATURES
            .read(spark, lake)
            .filter(range)
            .join(
                Tables.TREATMENT_OUTCOMES
                    .read(spark, lake)
                    .filter(range)
                    .select(
                        col("account_id"),
                        col(Snapshots.AS_OF_DATE),
                        col(TreatmentOutcomes.TREATMENT),
                        col(outcome)),
                new String[] {"account_id", Snapshots.AS_OF_DATE})
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<LocalDate> dates = new ArrayList<>();
      long total = 0;
      long events = 0;
      for (Row r :
          rows.groupBy(Snapshots.AS_OF_DATE)
              .agg(count(lit(1)), sum(col(outcome)).cast("long"))
              .orderBy(Snapshots.AS_OF_DATE)
              .collectAsList()) {
        dates.add(r.getDate(0).toLocalDate());
        total += r.getLong(1);
        events += r.isNullAt(2) ? 0 : r.getLong(2);
      }
      if (dates.isEmpty()) {
        throw new JobFailedException(
            "no as-of date between "
                + o.from()
                + " and "
                + o.to()
                + " has both features and treatment outcomes. Fix: run callwise features and"
                + " callwise labels for those dates.");
      }
      TrainModelJob.SplitRows parts =
          TrainModelJob.split(rows, dates, o.outcome().horizonDays(), o.settings(), o.ootFrom());
      TimeSplit split = parts.split();
      Dataset<Row> train = parts.train();
      Dataset<Row> validation = parts.validation();
      Dataset<Row> outOfTime = parts.outOfTime();
      List<String> lines = new ArrayList<>();
      lines.add(
          String.format(
              Locale.ROOT,
              "%,d past-due account-dates, %,d with %s; training dates %s, out of time %s",
              total,
              events,
              outcome,
              TrainModelJob.span(split.train()),
              TrainModelJob.span(split.outOfTime())));
      List<Propensity.Fitted> propensities = propensities(o, label, train, validation, lines);
      Dataset<Row> weightedOutOfTime = Propensity.score(outOfTime, propensities);
      ModelRegistry registry = new ModelRegistry(spark, lake);
      List<Trained> trained = new ArrayList<>();
      for (Estimator estimator : o.estimators()) {
        String definition =
            String.join(
                "|",
                label,
                estimator.id(),
                o.family().id(),
                String.valueOf(split),
                String.valueOf(o.settings()),
                FeatureCatalog.version(),
                String.valueOf(total),
                String.valueOf(events),
                // the out-of-time metrics are weighted by a fitted propensity
                "ipw-" + Propensity.TRIM,
                ModelTrainer.ROW_ORDER);
        String id =
            label
                + "-"
                + estimator.id()
                + "-"
                + o.family().id()
                + "-"
                + Fingerprints.sha256Hex(definition, 4);
        var existing = registry.find(id);
        if (existing.isPresent() && !existing.get().status().equals(ModelRegistry.CANDIDATE)) {
          lines.add(id + ": already registered as " + existing.get().status() + "; left as it is");
          trained.add(new Trained(id, estimator.id(), existing.get().metrics()));
          continue;
        }
        trained.add(
            trainOne(
                spark,
                lake,
                o,
                estimator,
                id,
                label,
                split,
                train,
                validation,
                weightedOutOfTime,
                propensities,
                registry,
                lines));
      }
      return new Report(label, trained, lines);
    } finally {
      rows.unpersist();
    }
  }

  private static Trained trainOne(
      SparkSession spark,
      Lake lake,
      Options o,
      Estimator estimator,
      String id,
      String label,
      TimeSplit split,
      Dataset<Row> train,
      Dataset<Row> validation,
      Dataset<Row> outOfTime,
      List<Propensity.Fitted> propensities,
      ModelRegistry registry,
      List<String> lines) {
    long t0 = System.nanoTime();
    String outcome = o.outcome().name();
    UpliftTrainer.Trained t;
    try {
      t =
          UpliftTrainer.train(
              train,
              validation,
              TreatmentOutcomes.TREATMENT,
              outcome,
              estimator,
              o.family(),
              o.settings(),
              id,
              FeatureCatalog.version());
    } catch (IllegalArgumentException e) {
      throw new JobFailedException(id + ": " + e.getMessage());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    UpliftModel model = t.model();
    List<Column> kept =
        new ArrayList<>(
            List.of(
                col("account_id"),
                col(Snapshots.AS_OF_DATE),
                col(TreatmentOutcomes.TREATMENT),
                col(outcome),
                col(UpliftModel.probability(Arm.CALL)),
                col(UpliftModel.probability(Arm.MESSAGE)),
                col(UpliftModel.probability(Arm.NONE))));
    propensities.forEach(p -> kept.add(col(Propensity.column(p.contrast()))));
    Dataset<Row> scored =
        model
            .score(outOfTime)
            .select(kept.toArray(Column[]::new))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long ootRows = scored.count();
      UpliftMetrics.Evaluation e =
          UpliftMetrics.evaluate(scored, TreatmentOutcomes.TREATMENT, outcome, o.settings().seed());
      Map<String, Double> metrics = metrics(e, ootRows);
      Map<String, Double> propensityAuc = new LinkedHashMap<>();
      for (Propensity.Fitted p : propensities) {
        propensityAuc.put(p.contrast(), p.validationAuc());
        metrics.put(Metrics.propensityAuc(p.contrast()), p.validationAuc());
      }
      metrics.values().removeIf(v -> v == null || v.isNaN());
      String artifact = lake.modelArtifacts(id);
      model.save(spark, artifact);
      Timestamp created = Timestamp.from(Instant.now());
      UpliftReport.Context context =
          new UpliftReport.Context(
              o.outcome().description(),
              split,
              train.count(),
              validation.count(),
              ootRows,
              created.toInstant().toString(),
              t.excludedFeatures(),
              seconds,
              propensityAuc);
      String report = artifact + "/report.html";
      try {
        HadoopText.write(spark, report, UpliftReport.render(model.spec(), e, context));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model_id", id);
        json.put("label", label);
        json.put("metrics", metrics);
        json.put("evaluation", e);
        json.put("spec", model.spec());
        json.put("search", t.search());
        HadoopText.write(
            spark,
            artifact + "/metrics.json",
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .findAndRegisterModules()
                .writeValueAsString(json));
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot write the report under " + artifact, ex);
      }
      registry.upsert(
          List.of(
              new ModelRegistry.Entry(
                  id,
                  label,
                  estimator.id() + "-" + o.family().id(),
                  ModelRegistry.CANDIDATE,
                  created,
                  split.train().get(0),
                  split.train().get(split.train().size() - 1),
                  split.outOfTime().get(0),
                  split.outOfTime().get(split.outOfTime().size() - 1),
                  model.spec().featureCatalogVersion(),
                  "",
                  model.spec().features(),
                  model.spec().params(),
                  metrics,
                  artifact,
                  report,
                  List.of(
                      new ModelRegistry.Event(
                          created, "registered", ModelRegistry.CANDIDATE, null, false, null)))));
      UpliftMetrics.Contrast call = e.contrasts().get(0);
      UpliftMetrics.Contrast message = e.contrasts().get(1);
      lines.add(
          String.format(
              Locale.ROOT,
              "%s: Qini call over message %.5f (%.5f .. %.5f), AUUC %.5f vs random %.5f;"
                  + " message over none %.5f (%.5f .. %.5f); %.0f s",
              id,
              call.qini(),
              call.qiniLow(),
              call.qiniHigh(),
              call.auuc(),
              call.auucRandom(),
              message.qini(),
              message.qiniLow(),
              message.qiniHigh(),
              (System.nanoTime() - t0) / 1e9));
      lines.add("  report: " + report);
      return new Trained(id, estimator.id(), metrics);
    } finally {
      scored.unpersist();
    }
  }

  /**
   * The propensity of each contrast, fitted on the training rows; a contrast whose rows cannot tell
   * the arms apart (one arm missing) is left unweighted, and the report lines say so.
   */
  static List<Propensity.Fitted> propensities(
      Options o, String label, Dataset<Row> train, Dataset<Row> validation, List<String> lines) {
    List<Propensity.Fitted> fitted = new ArrayList<>();
    for (Arm[] c : UpliftMetrics.CONTRASTS) {
      String contrast = UpliftMetrics.contrastName(c[0], c[1]);
      try {
        Propensity.Fitted p =
            Propensity.fit(
                train,
                validation,
                TreatmentOutcomes.TREATMENT,
                c[0],
                c[1],
                o.family(),
                o.settings(),
                label,
                FeatureCatalog.version());
        fitted.add(p);
        lines.add(
            String.format(
                Locale.ROOT,
                "propensity of %s from the features: validation AUC %.3f (0.5: as if at"
                    + " random); its out-of-time metrics are weighted by it",
                contrast,
                p.validationAuc()));
      } catch (IllegalArgumentException e) {
        lines.add(
            "propensity of "
                + contrast
                + " not fitted ("
                + e.getMessage()
                + "); its out-of-time metrics compare the arms as logged");
      }
    }
    return fitted;
  }

  static Map<String, Double> metrics(UpliftMetrics.Evaluation e, long ootRows) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(Metrics.OOT_ROWS, (double) ootRows);
    for (UpliftMetrics.Contrast c : e.contrasts()) {
      m.put(Metrics.qini(c.name()), c.qini());
      m.put(Metrics.qiniLow(c.name()), c.qiniLow());
      m.put(Metrics.qiniHigh(c.name()), c.qiniHigh());
      m.put(Metrics.auuc(c.name()), c.auuc());
      m.put(Metrics.auucRandom(c.name()), c.auucRandom());
      if (c.weighted()) {
        m.put(Metrics.trimmed(c.name()), (double) c.trimmed());
      }
    }
    for (UpliftMetrics.ArmCalibration a : e.calibration()) {
      m.put(Metrics.armRows(a.arm()), (double) a.rows());
      if (a.rows() > 0 && a.observedRate() > 0) {
        m.put(Metrics.armCalibrationRatio(a.arm()), a.meanPredicted() / a.observedRate());
      }
    }
    m.values().removeIf(v -> v == null || v.isNaN());
    return m;
  }
}
