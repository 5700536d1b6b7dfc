package io.callwise.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.callwise.common.Fingerprints;
import io.callwise.features.FeatureCatalog;
import io.callwise.features.Snapshots;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelSpec;
import io.callwise.models.DelinquencyModel;
import io.callwise.models.DelinquencyModel.Family;
import io.callwise.models.FeatureSchemaMismatchException;
import io.callwise.models.HadoopText;
import io.callwise.models.Metrics;
import io.callwise.models.ModelEvaluation;
import io.callwise.models.ModelReport;
import io.callwise.models.ModelSettings;
import io.callwise.models.ModelTrainer;
import io.callwise.models.ScoreMetrics;
import io.callwise.models.TimeSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
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
 * {@code callwise train}: joins the features with the matured labels of one label over a date
 * range, splits them in time ({@link TimeSplit}), trains each configured family, evaluates it out
 * of time (and against the champion on the same rows, and against the ground truth on a synthetic
 * book), saves the model, its HTML report and metrics JSON under {@code
 * {root}/models/artifacts/{model_id}} and registers it as a candidate.
 *
 * <p>A model id is a fingerprint of what defines the training (label, family, dates, split,
 * settings, feature catalog, rows and events): training again on the same data replaces the same
 * candidate instead of adding a duplicate; a version already promoted is left as it is.
 */
public final class TrainModelJob {

  private TrainModelJob() {}

  public record Options(
      LabelSpec label,
      LocalDate from,
      LocalDate to,
      LocalDate ootFrom,
      List<Family> families,
      ModelSettings settings,
      int importanceSampleRows) {}

  public record Trained(
      String modelId, String family, Map<String, Double> metrics, boolean skipped) {}

  public record Report(String label, TimeSplit split, List<Trained> models, List<String> lines) {

    public String render() {
      StringBuilder b = new StringBuilder();
      b.append("train ").append(label).append('\n');
      lines.forEach(l -> b.append("  ").append(l).append('\n'));
      return b.toString();
    }
  }

  static final String LABEL = "label_value";
  static final List<String> SEGMENTS = List.of("product", "dpd_bucket");

  public static Report run(SparkSession spark, Lake lake, Options o) {
    if (!Tables.ACCOUNT_FEATURES.exists(spark, lake)
        || !Tables.ACCOUNT_LABELS.exists(spark, lake)) {
      throw new JobFailedException(
          "training needs "
              + Tables.ACCOUNT_FEATURES.path(lake)
              + " and "
              + Tables.ACCOUNT_LABELS.path(lake)
              + ". Fix: run callwise features and callwise labels for the dates first, e.g."
              + " --from "
              + o.from()
              + " --to "
              + o.to()
              + " --every 1M");
    }
    String range =
        Snapshots.AS_OF_DATE + " BETWEEN DATE'" + o.from() + "' AND DATE'" + o.to() + "'";
    Dataset<Row> features = Tables.ACCOUNT_FEATURES.read(spark, lake).filter(range);
    Dataset<Row> labels =
        Tables.ACCOUNT_LABELS
            .read(spark, lake)
            .filter(range)
            .filter(col("label").equalTo(o.label().name()))
            .select("account_id", Snapshots.AS_OF_DATE, LABEL);
    Dataset<Row> rows =
        features
            .join(labels, new String[] {"account_id", Snapshots.AS_OF_DATE})
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> byDate =
          rows.groupBy(Snapshots.AS_OF_DATE, "feature_catalog_version")
              .agg(count(lit(1)), sum(col(LABEL)).cast("long"))
              .orderBy(Snapshots.AS_OF_DATE)
              .collectAsList();
      String catalog = FeatureCatalog.version();
      List<String> stale = new ArrayList<>();
      List<LocalDate> dates = new ArrayList<>();
      long labelled = 0;
      long events = 0;
      for (Row r : byDate) {
        LocalDate d = r.getDate(0).toLocalDate();
        labelled += r.getLong(2);
        events += r.isNullAt(3) ? 0 : r.getLong(3);
        if (!catalog.equals(r.getString(1))) {
          stale.add(d + " (" + r.getString(1) + ")");
        }
        if (!dates.contains(d)) {
          dates.add(d);
        }
      }
      if (dates.isEmpty()) {
        throw new JobFailedException(
            "no as-of date between "
                + o.from()
                + " and "
                + o.to()
                + " has both features and matured "
                + o.label().name()
                + " labels. Fix: run callwise features and callwise labels for those dates.");
      }
      if (!stale.isEmpty()) {
        throw new JobFailedException(
            "features at "
                + (stale.size() <= 3
                    ? String.join(", ", stale)
                    : stale.get(0)
                        + " .. "
                        + stale.get(stale.size() - 1)
                        + " ("
                        + stale.size()
                        + " dates)")
                + " were built by another feature catalog than this build's ("
                + catalog
                + "). Fix: rebuild them with callwise features for those dates.");
      }
      SplitRows parts = split(rows, dates, o.label().horizonDays(), o.settings(), o.ootFrom());
      TimeSplit split = parts.split();
      Dataset<Row> train = parts.train();
      Dataset<Row> validation = parts.validation();
      Dataset<Row> outOfTime = parts.outOfTime();
      List<String> lines = new ArrayList<>();
      lines.add(
          String.format(
              Locale.ROOT,
              "%,d labelled account-dates, %,d events; training dates %s, purged %s,"
                  + " out of time %s",
              labelled,
              events,
              span(split.train()),
              span(split.purged()),
              span(split.outOfTime())));
      ModelRegistry registry = new ModelRegistry(spark, lake);
      List<Trained> trained = new ArrayList<>();
      for (Family family : o.families()) {
        String id = modelId(o, family, split, catalog, labelled, events);
        var existing = registry.find(id);
        if (existing.isPresent() && !existing.get().status().equals(ModelRegistry.CANDIDATE)) {
          lines.add(
              id
                  + ": already registered as "
                  + existing.get().status()
                  + " with the same inputs; left as it is");
          trained.add(new Trained(id, family.id(), existing.get().metrics(), true));
          continue;
        }
        trained.add(
            trainOne(
                spark, lake, o, family, id, split, train, validation, outOfTime, registry, lines));
      }
      return new Report(o.label().name(), split, trained, lines);
    } finally {
      rows.unpersist();
    }
  }

  private static Trained trainOne(
      SparkSession spark,
      Lake lake,
      Options o,
      Family family,
      String id,
      TimeSplit split,
      Dataset<Row> train,
      Dataset<Row> validation,
      Dataset<Row> outOfTime,
      ModelRegistry registry,
      List<String> lines) {
    long t0 = System.nanoTime();
    ModelTrainer.Trained t;
    try {
      t =
          ModelTrainer.train(
              train,
              validation,
              LABEL,
              family,
              o.settings(),
              id,
              o.label().name(),
              FeatureCatalog.version());
    } catch (IllegalArgumentException e) {
      throw new JobFailedException(e.getMessage());
    }
    double trainingSeconds = (System.nanoTime() - t0) / 1e9;
    DelinquencyModel model = t.model();
    String[] keep = {
      "account_id",
      Snapshots.AS_OF_DATE,
      LABEL,
      "product",
      "dpd_bucket",
      DelinquencyModel.PD_RAW,
      DelinquencyModel.PD
    };
    Dataset<Row> trainScored = model.score(train).select(LABEL, DelinquencyModel.PD).persist();
    Dataset<Row> validationScored =
        model.score(validation).select(LABEL, DelinquencyModel.PD).persist();
    Dataset<Row> ootScored =
        model.score(outOfTime).selectExpr(quoted(keep)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long ootRows = ootScored.count();
      double fraction = Math.min(1.0, (double) o.importanceSampleRows() / Math.max(1, ootRows));
      Dataset<Row> explained =
          model.explain(outOfTime.sample(false, fraction, o.settings().seed()), 3);
      Dataset<Row> withTruth = truth(spark, lake, ootScored);
      Double championAuc = championAuc(spark, registry, o.label().name(), outOfTime, lines);
      ModelEvaluation.Evaluation e =
          ModelEvaluation.evaluate(
              trainScored,
              validationScored,
              ootScored,
              LABEL,
              SEGMENTS,
              explained,
              model.spec().features(),
              withTruth,
              championAuc);
      String artifact = lake.modelArtifacts(id);
      model.save(spark, artifact);
      Timestamp created = Timestamp.from(Instant.now());
      ModelReport.Context context =
          new ModelReport.Context(
              o.label().description(),
              split,
              e.train().rows(),
              e.validation().rows(),
              ootRows,
              created.toInstant().toString(),
              t.search(),
              t.excludedFeatures(),
              trainingSeconds);
      String report = artifact + "/report.html";
      try {
        HadoopText.write(spark, report, ModelReport.render(model.spec(), e, context));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model_id", id);
        json.put("label", o.label().name());
        json.put("family", family.id());
        json.put("metrics", e.metrics());
        json.put("evaluation", e);
        json.put("context", context);
        json.put("spec", model.spec());
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
      Map<String, Double> metrics = e.metrics();
      registry.upsert(
          List.of(
              new ModelRegistry.Entry(
                  id,
                  o.label().name(),
                  family.id(),
                  ModelRegistry.CANDIDATE,
                  created,
                  split.train().get(0),
                  split.train().get(split.train().size() - 1),
                  split.outOfTime().get(0),
                  split.outOfTime().get(split.outOfTime().size() - 1),
                  model.spec().featureCatalogVersion(),
                  model.spec().featureSchemaHash(),
                  model.spec().features(),
                  model.spec().params(),
                  metrics,
                  artifact,
                  report,
                  List.of(
                      new ModelRegistry.Event(
                          created, "registered", ModelRegistry.CANDIDATE, null, false, null)))));
      lines.add(
          String.format(
              Locale.ROOT,
              "%s: out-of-time AUC %.4f (raw %.4f), KS %.3f, Brier %.5f, PSI %.4f%s, %.0f s",
              id,
              metrics.getOrDefault(Metrics.OOT_AUC, Double.NaN),
              metrics.getOrDefault(Metrics.OOT_AUC_RAW, Double.NaN),
              metrics.getOrDefault(Metrics.OOT_KS, Double.NaN),
              metrics.getOrDefault(Metrics.OOT_BRIER, Double.NaN),
              metrics.getOrDefault(Metrics.SCORE_PSI, Double.NaN),
              metrics.containsKey(Metrics.AUC_TRUTH_RATIO)
                  ? String.format(
                      Locale.ROOT,
                      ", ÷ truth AUC %.4f = %.3f",
                      metrics.get(Metrics.TRUTH_AUC),
                      metrics.get(Metrics.AUC_TRUTH_RATIO))
                  : "",
              (System.nanoTime() - t0) / 1e9));
      lines.add("  report: " + report);
      return new Trained(id, family.id(), metrics, false);
    } finally {
      trainScored.unpersist();
      validationScored.unpersist();
      ootScored.unpersist();
    }
  }

  /**
   * Out-of-time rows with the ground-truth risk of their account in the as-of month (the true miss
   * probability of a synthetic book), or null when the lake has no ground truth.
   */
  static Dataset<Row> truth(SparkSession spark, Lake lake, Dataset<Row> scored) {
    String path = lake.truth("truth_monthly");
    if (!Lake.isDeltaTable(spark, path)) {
      return null;
    }
    Dataset<Row> truth =
        spark
            .read()
            .format("delta")
            .load(path)
            .select(col("account_id"), col("month"), col("miss_probability").as("truth_score"));
    return scored
        .withColumn("month", trunc(col(Snapshots.AS_OF_DATE), "MM"))
        .join(truth, new String[] {"account_id", "month"});
  }

  /** The label's champion scored on these out-of-time rows, when its features still match. */
  static Double championAuc(
      SparkSession spark,
      ModelRegistry registry,
      String label,
      Dataset<Row> outOfTime,
      List<String> lines) {
    var champion = registry.champion(label);
    if (champion.isEmpty()) {
      return null;
    }
    try {
      DelinquencyModel model = DelinquencyModel.load(spark, champion.get().artifactUri());
      model.checkFeatures(outOfTime.schema(), List.of(FeatureCatalog.version()), "these rows");
      return ScoreMetrics.summary(model.score(outOfTime), DelinquencyModel.PD, LABEL).auc();
    } catch (FeatureSchemaMismatchException | UncheckedIOException e) {
      lines.add(
          "champion "
              + champion.get().modelId()
              + " not compared on the same rows: "
              + e.getMessage());
      return null;
    }
  }

  static String modelId(
      Options o, Family family, TimeSplit split, String catalog, long rows, long events) {
    String definition =
        String.join(
            "|",
            o.label().name(),
            family.id(),
            String.valueOf(split),
            String.valueOf(o.settings()),
            catalog,
            String.valueOf(rows),
            String.valueOf(events),
            ModelTrainer.ROW_ORDER);
    return o.label().name() + "-" + family.id() + "-" + Fingerprints.sha256Hex(definition, 4);
  }

  /** Rows split in time (training window, out of time) and by account (validation). */
  record SplitRows(
      TimeSplit split, Dataset<Row> train, Dataset<Row> validation, Dataset<Row> outOfTime) {}

  /**
   * The rows of {@code dates} split: training dates (less the accounts held out for validation),
   * validation accounts on those dates, and the out-of-time dates, by {@link TimeSplit}; a split
   * that cannot be made fails the job with its reason.
   */
  static SplitRows split(
      Dataset<Row> rows,
      List<LocalDate> dates,
      int horizonDays,
      ModelSettings settings,
      LocalDate ootFrom) {
    TimeSplit split;
    try {
      split = TimeSplit.of(dates, horizonDays, settings.ootShare(), ootFrom);
    } catch (IllegalArgumentException e) {
      throw new JobFailedException(e.getMessage());
    }
    Dataset<Row> window =
        rows.filter(col(Snapshots.AS_OF_DATE).isin(sqlDates(split.train()).toArray()));
    Column heldOut =
        TimeSplit.validationAccount("account_id", settings.validationShare(), settings.seed());
    return new SplitRows(
        split,
        window.filter(heldOut.unary_$bang()),
        window.filter(heldOut),
        rows.filter(col(Snapshots.AS_OF_DATE).isin(sqlDates(split.outOfTime()).toArray())));
  }

  private static List<Date> sqlDates(List<LocalDate> dates) {
    return dates.stream().map(Date::valueOf).toList();
  }

  private static String[] quoted(String[] names) {
    String[] out = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = "`" + names[i] + "`";
    }
    return out;
  }

  static String span(List<LocalDate> dates) {
    if (dates.isEmpty()) {
      return "none";
    }
    return dates.size() == 1
        ? dates.get(0).toString()
        : dates.get(0) + ".." + dates.get(dates.size() - 1) + " (" + dates.size() + ")";
  }
}
