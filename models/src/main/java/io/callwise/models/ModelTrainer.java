package io.callwise.models;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callwise.features.FeatureCatalog;
import io.callwise.features.FeatureSpec;
import io.callwise.features.Snapshots;
import io.callwise.models.DelinquencyModel.Family;
import io.callwise.quality.DriftBaseline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Trains one model family on a training set, picks its hyper-parameters by validation AUC,
 * calibrates it on the validation set and returns a {@link DelinquencyModel}.
 *
 * <p>Inputs are the catalog's features present in the table, less those with no value at all in the
 * training rows (reported). Numeric features are cast to double and missing values take the
 * training median; string features are indexed (alphabetically; missing and unseen values get an
 * index of their own) and, for the logistic model, one-hot encoded. Class imbalance: with {@code
 * class-weight = balanced} events and non-events carry the same total weight, and the calibration
 * on the (unweighted) validation set turns the weighted model's output back into a probability.
 */
public final class ModelTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);

  private ModelTrainer() {}

  private static final String ACCOUNT_ID = "account_id";

  private static final String WEIGHT = "__weight";

  /** One point of the hyper-parameter search. */
  public record SearchResult(Map<String, String> params, double validationAuc, double seconds) {}

  /** The chosen model with the search that led to it and the features left out. */
  public record Trained(
      DelinquencyModel model, List<SearchResult> search, List<String> excludedFeatures) {}

  /**
   * @param train labelled feature rows of the training dates, less validation accounts
   * @param validation labelled rows of the validation accounts at the training dates
   * @param labelColumn 0/1 outcome column
   */
  public static Trained train(
      Dataset<Row> train,
      Dataset<Row> validation,
      String labelColumn,
      Family family,
      ModelSettings settings,
      String modelId,
      String label,
      String catalogVersion) {
    return train(
        train,
        validation,
        labelColumn,
        family,
        settings,
        modelId,
        label,
        catalogVersion,
        List.of());
  }

  /**
   * As {@link #train(Dataset, Dataset, String, Family, ModelSettings, String, String, String)},
   * with numeric inputs beyond the catalog's (a treatment indicator, for example), always kept.
   */
  public static Trained train(
      Dataset<Row> train,
      Dataset<Row> validation,
      String labelColumn,
      Family family,
      ModelSettings settings,
      String modelId,
      String label,
      String catalogVersion,
      List<String> extraNumeric) {
    StructType schema = train.schema();
    Set<String> leftOut = FeatureCatalog.excluded(settings.excludeFeatures());
    List<String> present =
        FeatureCatalog.FEATURES.stream()
            .map(FeatureSpec::name)
            .filter(n -> Arrays.asList(schema.fieldNames()).contains(n))
            .filter(n -> !leftOut.contains(n))
            .toList();
    // one pass: rows, events, then the non-null count of every candidate feature (in any order)
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(sum(col(labelColumn)).cast("long"));
    present.forEach(n -> aggregates.add(count(col(n))));
    Row nonNull = train.agg(count(lit(1)), aggregates.toArray(Column[]::new)).first();
    train = inStableOrder(train, nonNull.getLong(0));
    validation = inStableOrder(validation, validation.count());
    List<String> excluded = new ArrayList<>(leftOut);
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    for (int i = 0; i < present.size(); i++) {
      String n = present.get(i);
      if (nonNull.getLong(i + 2) == 0) {
        excluded.add(n);
      } else if (schema.apply(n).dataType() instanceof StringType) {
        categorical.add(n);
      } else {
        numeric.add(n);
      }
    }
    if (numeric.isEmpty()) {
      throw new IllegalArgumentException(
          "no numeric feature has a value in the training rows. Fix: check the feature table.");
    }
    numeric.addAll(extraNumeric);

    Column weight = lit(1.0);
    long rows = nonNull.getLong(0);
    long events = nonNull.isNullAt(1) ? 0 : nonNull.getLong(1);
    if (events == 0 || events == rows) {
      throw new IllegalArgumentException(
          "the training rows of label "
              + label
              + " have "
              + events
              + " events in "
              + rows
              + " rows: a model needs both outcomes. Fix: train over more dates or a larger book.");
    }
    if (settings.classWeight() == ClassWeight.BALANCED) {
      weight =
          when(col(labelColumn).equalTo(1), lit(rows / (2.0 * events)))
              .otherwise(lit(rows / (2.0 * (rows - events))));
    }

    PipelineModel prep =
        preprocessing(numeric, categorical, family).fit(train.withColumn(WEIGHT, weight));
    Dataset<Row> trainVectors =
        prep.transform(train.withColumn(WEIGHT, weight))
            .select(col(labelColumn), col(WEIGHT), col(DelinquencyModel.VECTOR));
    Dataset<Row> validationVectors =
        prep.transform(validation).select(col(labelColumn), col(DelinquencyModel.VECTOR));
    // the slots' features come from the assembler's attributes, which a dense copy drops
    List<String> slots = slotFeatures(trainVectors.schema(), numeric, categorical);
    if (family == Family.XGBOOST) {
      trainVectors = DenseVectors.of(trainVectors);
      validationVectors = DenseVectors.of(validationVectors);
    }
    Dataset<Row> trainPrepared = trainVectors.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> validationPrepared = validationVectors.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<SearchResult> search = new ArrayList<>();
      Transformer best = null;
      SearchResult chosen = null;
      double bestAuc = Double.NEGATIVE_INFINITY;
      for (GridPoint point : grid(family, settings)) {
        long t0 = System.nanoTime();
        ProbabilisticClassificationModel<?, ?> fitted =
            fit(family, point, settings, labelColumn, trainPrepared);
        Double auc =
            ScoreMetrics.summary(rawScores(fitted, validationPrepared), "s", labelColumn).auc();
        double a = auc == null ? Double.NaN : auc;
        SearchResult result = new SearchResult(point.params(), a, (System.nanoTime() - t0) / 1e9);
        search.add(result);
        if (a > bestAuc || best == null) {
          bestAuc = a;
          best = fitted;
          chosen = result;
        }
      }
      List<Transformer> stageList = new ArrayList<>(Arrays.asList(prep.stages()));
      if (family == Family.XGBOOST) {
        stageList.add(new DenseVectors());
      }
      stageList.add(best);
      Transformer[] stages = stageList.toArray(Transformer[]::new);
      PipelineModel pipeline = new PipelineModel("callwise_" + modelId, stages);

      Map<String, String> params = new LinkedHashMap<>();
      params.putAll(chosen.params());
      params.put("class_weight", settings.classWeight().code());
      params.put("seed", String.valueOf(settings.seed()));

      double[] means = null;
      double[] coefficients = null;
      if (family == Family.LOGISTIC) {
        means =
            ((Vector)
                    trainPrepared
                        .select(Summarizer.mean(col(DelinquencyModel.VECTOR)))
                        .first()
                        .get(0))
                .toArray();
        coefficients = ((LogisticRegressionModel) best).coefficients().toArray();
      }

      // calibration on the validation accounts, unweighted
      Dataset<Row> validationScored =
          rawScores((ProbabilisticClassificationModel<?, ?>) best, validationPrepared)
              .withColumnRenamed("s", DelinquencyModel.PD_RAW);
      IsotonicRegressionModel isotonic = null;
      double slope = 1;
      double intercept = 0;
      Calibration calibration = settings.calibration();
      if (calibration == Calibration.AUTO) {
        Row v = validationScored.agg(count(lit(1)), sum(col(labelColumn))).first();
        long validationEvents = v.isNullAt(1) ? 0 : ((Number) v.get(1)).longValue();
        long validationRows = v.getLong(0);
        calibration =
            Math.min(validationEvents, validationRows - validationEvents)
                    >= settings.isotonicMinEvents()
                ? Calibration.ISOTONIC
                : Calibration.PLATT;
      }
      if (calibration == Calibration.ISOTONIC) {
        isotonic =
            new IsotonicRegression()
                .setFeaturesCol(DelinquencyModel.PD_RAW)
                .setLabelCol(labelColumn)
                .setPredictionCol(DelinquencyModel.PD)
                .fit(validationScored.withColumn(labelColumn, col(labelColumn).cast("double")));
      } else {
        double[] platt = platt(validationScored, labelColumn, modelId);
        slope = platt[0];
        intercept = platt[1];
      }
      double[] bounds = CalibrationBounds.of(validationScored, labelColumn, isotonic);
      DelinquencyModel.Spec spec =
          new DelinquencyModel.Spec(
              modelId,
              label,
              family,
              List.copyOf(numeric),
              List.copyOf(categorical),
              slots,
              means,
              coefficients,
              catalogVersion,
              DelinquencyModel.schemaHash(schema, concat(numeric, categorical)),
              calibration.code(),
              slope,
              intercept,
              params,
              bounds[0],
              bounds[1],
              null);
      // What nights are compared with: the training rows' inputs and calibrated PD.
      DriftBaseline baseline =
          DriftBaseline.of(
              new DelinquencyModel(spec, pipeline, isotonic).score(train),
              numeric,
              categorical,
              DelinquencyModel.PD);
      return new Trained(
          new DelinquencyModel(spec.withBaseline(baseline), pipeline, isotonic), search, excluded);
    } finally {
      trainPrepared.unpersist();
      validationPrepared.unpersist();
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static Pipeline preprocessing(List<String> numeric, List<String> categorical, Family family) {
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(
        new SQLTransformer()
            .setStatement(
                "SELECT *, "
                    + numeric.stream()
                        .map(n -> "CAST(`" + n + "` AS DOUBLE) AS `__num_" + n + "`")
                        .collect(Collectors.joining(", "))
                    + " FROM __THIS__"));
    List<String> assembled = new ArrayList<>();
    String[] imputed = numeric.stream().map(n -> "__imp_" + n).toArray(String[]::new);
    stages.add(
        new Imputer()
            .setStrategy("median")
            .setInputCols(numeric.stream().map(n -> "__num_" + n).toArray(String[]::new))
            .setOutputCols(imputed));
    assembled.addAll(Arrays.asList(imputed));
    if (!categorical.isEmpty()) {
      String[] indexed = categorical.stream().map(n -> "__idx_" + n).toArray(String[]::new);
      stages.add(
          new StringIndexer()
              .setInputCols(categorical.toArray(String[]::new))
              .setOutputCols(indexed)
              .setStringOrderType("alphabetAsc")
              .setHandleInvalid("keep"));
      if (family == Family.LOGISTIC) {
        String[] encoded = categorical.stream().map(n -> "__oh_" + n).toArray(String[]::new);
        stages.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(encoded));
        assembled.addAll(Arrays.asList(encoded));
      } else {
        assembled.addAll(Arrays.asList(indexed));
      }
    }
    stages.add(
        new VectorAssembler()
            .setInputCols(assembled.toArray(String[]::new))
            .setOutputCol(DelinquencyModel.VECTOR));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /** The input feature behind each slot of the assembled vector, from its ML attributes. */
  static List<String> slotFeatures(
      StructType prepared, List<String> numeric, List<String> categorical) {
    Attribute[] attributes =
        AttributeGroup.fromStructField(prepared.apply(DelinquencyModel.VECTOR)).attributes().get();
    List<String> all = concat(numeric, categorical);
    List<String> out = new ArrayList<>();
    for (Attribute a : attributes) {
      String name = a.name().get();
      String stripped = name.replaceFirst("^__(imp|idx|oh)_", "");
      String match = null;
      for (String f : all) {
        if ((stripped.equals(f) || stripped.startsWith(f + "_"))
            && (match == null || f.length() > match.length())) {
          match = f;
        }
      }
      if (match == null) {
        throw new IllegalStateException("vector slot " + name + " matches no input feature");
      }
      out.add(match);
    }
    return List.copyOf(out);
  }

  /** Rows per partition of the ordered training and validation rows (see inStableOrder). */
  static final long ROWS_PER_PARTITION = 100_000;

  /**
   * How training rows are ordered and partitioned, part of every model id: another ordering gives
   * another model from the same rows, so ids fitted under an earlier one are not reused for it.
   */
  public static final String ROW_ORDER = "by-account-" + ROWS_PER_PARTITION + "-per-partition";

  /**
   * The rows ({@code count} of them) in an order that depends on their keys only. MLlib's tree
   * learners sample the rows to find split candidates and draw their subsamples per partition, so
   * the same rows read in another order (Delta lists a table's files in the order its writing tasks
   * finished) or split into another number of partitions give another model under the same model
   * id: rows are hashed by account into one partition per {@link #ROWS_PER_PARTITION} rows (a
   * number that depends on the rows alone, not on the session's shuffle setting) and sorted by
   * account and as-of date in each. A small training set is one partition, which also spares every
   * boosting round the scheduling of tasks over empty or near-empty partitions.
   */
  static Dataset<Row> inStableOrder(Dataset<Row> rows, long count) {
    List<String> columns = Arrays.asList(rows.columns());
    List<Column> keys = new ArrayList<>();
    for (String k : List.of(ACCOUNT_ID, Snapshots.AS_OF_DATE)) {
      if (columns.contains(k)) {
        keys.add(col(k));
      }
    }
    if (keys.isEmpty()) {
      return rows;
    }
    int partitions = (int) Math.max(1, (count + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION);
    return rows.repartition(partitions, keys.get(0))
        .sortWithinPartitions(keys.toArray(Column[]::new));
  }

  /** One point of a family's hyper-parameter grid; {@link #params} is what reports show. */
  sealed interface GridPoint permits GbtPoint, LogisticPoint {
    Map<String, String> params();
  }

  record GbtPoint(int maxDepth, int maxIter, double stepSize, double subsamplingRate, int maxBins)
      implements GridPoint {
    @Override
    public Map<String, String> params() {
      return text(
          "max_depth", maxDepth,
          "max_iter", maxIter,
          "step_size", stepSize,
          "subsampling_rate", subsamplingRate,
          "max_bins", maxBins);
    }
  }

  record LogisticPoint(double regParam, double elasticNet, int maxIter) implements GridPoint {
    @Override
    public Map<String, String> params() {
      return text("reg_param", regParam, "elastic_net", elasticNet, "max_iter", maxIter);
    }
  }

  static List<GridPoint> grid(Family family, ModelSettings s) {
    List<GridPoint> points = new ArrayList<>();
    if (family == Family.GBT || family == Family.XGBOOST) {
      // XGBoost searches the GBT grid: rounds, depth, learning rate, row sampling, bins
      for (int depth : s.gbtMaxDepth()) {
        for (int iter : s.gbtMaxIter()) {
          for (double step : s.gbtStepSize()) {
            points.add(new GbtPoint(depth, iter, step, s.gbtSubsamplingRate(), s.maxBins()));
          }
        }
      }
    } else {
      for (double reg : s.logisticRegParam()) {
        for (double en : s.logisticElasticNet()) {
          points.add(new LogisticPoint(reg, en, s.logisticMaxIter()));
        }
      }
    }
    return points;
  }

  private static ProbabilisticClassificationModel<?, ?> fit(
      Family family, GridPoint point, ModelSettings s, String labelColumn, Dataset<Row> prepared) {
    if (family == Family.XGBOOST) {
      GbtPoint p = (GbtPoint) point;
      XGBoostClassifier x = new XGBoostClassifier();
      x.setLabelCol(labelColumn);
      x.setFeaturesCol(DelinquencyModel.VECTOR);
      x.setWeightCol(WEIGHT);
      x.setMaxDepth(p.maxDepth());
      x.setNumRound(p.maxIter());
      x.setEta(p.stepSize());
      x.setSubsample(p.subsamplingRate());
      x.setMaxBins(p.maxBins());
      x.setTreeMethod("hist");
      x.setObjective("binary:logistic");
      x.setSeed(s.seed());
      x.setVerbosity(0);
      // one single-threaded worker per task slot: XGBoost starts all its workers at once
      x.setNumWorkers(Math.max(1, prepared.sparkSession().sparkContext().defaultParallelism()));
      x.setNthread(1);
      XGBoostClassificationModel fitted =
          x.fit(prepared.withColumn(labelColumn, col(labelColumn).cast("double")));
      // rebuilt from its booster as a saved model is, without the training summary
      return DelinquencyModel.xgboost(fitted.nativeBooster());
    }
    if (point instanceof GbtPoint p) {
      return new GBTClassifier()
          .setLabelCol(labelColumn)
          .setFeaturesCol(DelinquencyModel.VECTOR)
          .setWeightCol(WEIGHT)
          .setProbabilityCol(DelinquencyModel.PROBABILITY)
          .setRawPredictionCol("__raw")
          .setPredictionCol("__prediction")
          .setMaxDepth(p.maxDepth())
          .setMaxIter(p.maxIter())
          .setStepSize(p.stepSize())
          .setSubsamplingRate(p.subsamplingRate())
          .setMaxBins(p.maxBins())
          .setFeatureSubsetStrategy("all")
          // No checkpoint directory is set: without this every fit warns that it is ignored.
          .setCheckpointInterval(-1)
          .setSeed(s.seed())
          .fit(prepared);
    }
    LogisticPoint p = (LogisticPoint) point;
    LogisticRegressionModel model =
        new LogisticRegression()
            .setLabelCol(labelColumn)
            .setFeaturesCol(DelinquencyModel.VECTOR)
            .setWeightCol(WEIGHT)
            .setProbabilityCol(DelinquencyModel.PROBABILITY)
            .setRawPredictionCol("__raw")
            .setPredictionCol("__prediction")
            .setStandardization(true)
            .setFamily("binomial")
            .setRegParam(p.regParam())
            .setElasticNetParam(p.elasticNet())
            .setMaxIter(p.maxIter())
            .fit(prepared);
    return withoutSummary(model);
  }

  /**
   * Drops the training summary MLlib keeps on a fitted logistic model: it holds the session, which
   * cannot be serialized into tasks once the session has run an observed query (as ingest does),
   * and the training rows, which scoring never needs. (Scala's package-private setter is public in
   * bytecode.)
   */
  private static LogisticRegressionModel withoutSummary(LogisticRegressionModel model) {
    model.setSummary(Option.empty());
    return model;
  }

  private static Dataset<Row> rawScores(
      ProbabilisticClassificationModel<?, ?> model, Dataset<Row> prepared) {
    return model
        .transform(prepared)
        .withColumn("s", vector_to_array(col(DelinquencyModel.PROBABILITY), "float64").getItem(1));
  }

  /**
   * Platt scaling: a logistic regression of the outcome on the logit of the raw score. Calibration
   * must keep the model's order: when the fitted slope is not positive (validation rows with too
   * few events to show the model's signal), the slope is 1 and only the intercept is fitted, so the
   * mean PD matches the validation event rate and the ranking stays the model's. Validation rows
   * that all have the same outcome (a small book's arm or window) say nothing about calibration:
   * the model's own probabilities are kept (slope 1, intercept 0), said in a warning.
   */
  static double[] platt(Dataset<Row> scored, String labelColumn, String modelId) {
    Column p = least(greatest(col(DelinquencyModel.PD_RAW), lit(1e-12)), lit(1 - 1e-12));
    Dataset<Row> logits =
        scored
            .select(log(p.divide(lit(1).minus(p))).as("__logit"), col(labelColumn))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row outcomes =
          logits
              .agg(
                  count(lit(1)),
                  functions.min(col(labelColumn)).cast("double"),
                  functions.max(col(labelColumn)).cast("double"))
              .first();
      if (outcomes.isNullAt(1) || outcomes.getDouble(1) == outcomes.getDouble(2)) {
        LOG.warn(
            "calibration of {} ({}): all {} validation rows have outcome {}, nothing to calibrate"
                + " against; the model's own probabilities are kept (Platt slope 1, intercept 0)."
                + " A longer training window or a larger book gives the validation rows both"
                + " outcomes",
            modelId,
            labelColumn,
            outcomes.getLong(0),
            outcomes.isNullAt(1) ? "(none)" : (long) outcomes.getDouble(1));
        return new double[] {1.0, 0.0};
      }
      double[] fitted = plattFit(logits, labelColumn);
      if (fitted[0] > 0) {
        return fitted;
      }
      LOG.warn(
          "calibration of {}: Platt slope {} is not positive on the validation rows: keeping the"
              + " model's order (slope 1) and fitting the intercept only",
          modelId,
          fitted[0]);
      return new double[] {1.0, shiftToEventRate(logits, labelColumn)};
    } finally {
      logits.unpersist();
    }
  }

  /**
   * The b for which the mean of sigmoid(logit + b) equals the event rate (Newton's method on the
   * log-likelihood of the intercept alone; a few small aggregations).
   */
  private static double shiftToEventRate(Dataset<Row> logits, String labelColumn) {
    double b = 0;
    for (int i = 0; i < 50; i++) {
      Column s =
          lit(1).divide(lit(1).plus(functions.exp(col("__logit").plus(lit(b)).multiply(-1))));
      Row r = logits.agg(sum(col(labelColumn).minus(s)), sum(s.multiply(lit(1).minus(s)))).first();
      double gradient = r.isNullAt(0) ? 0 : r.getDouble(0);
      double curvature = r.isNullAt(1) ? 0 : r.getDouble(1);
      if (curvature <= 0) {
        break;
      }
      double step = gradient / curvature;
      b += Math.max(-5, Math.min(5, step));
      if (Math.abs(step) < 1e-9) {
        break;
      }
    }
    return b;
  }

  private static double[] plattFit(Dataset<Row> logits, String labelColumn) {
    Dataset<Row> x =
        new VectorAssembler()
            .setInputCols(new String[] {"__logit"})
            .setOutputCol("__x")
            .transform(logits);
    LogisticRegressionModel lr =
        new LogisticRegression()
            .setLabelCol(labelColumn)
            .setFeaturesCol("__x")
            .setProbabilityCol("__p2")
            .setRawPredictionCol("__r2")
            .setPredictionCol("__y2")
            .setRegParam(0)
            .setStandardization(false)
            .fit(x);
    withoutSummary(lr);
    return new double[] {lr.coefficients().apply(0), lr.intercept()};
  }

  /** Name, value, name, value...: the values as text, in order. */
  private static Map<String, String> text(Object... namesAndValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.put(
          (String) namesAndValues[i],
          String.valueOf(namesAndValues[i + 1]).toLowerCase(Locale.ROOT));
    }
    return out;
  }
}
