package io.callwise.models;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callwise.models.DelinquencyModel.Family;
import io.callwise.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both families on a small book with a known signal: contributions add up to the model's log-odds
 * (so the flattened MLlib trees are the trees MLlib scores with), reasons are the largest positive
 * contributions, calibration matches the validation event rate, a saved model scores the same, and
 * a changed feature table is refused by name.
 */
class ModelTrainerTest {

  static SparkSession spark;
  static Dataset<Row> train;
  static Dataset<Row> validation;

  static final StructType SCHEMA =
      new StructType()
          .add("account_id", DataTypes.StringType, false)
          .add("as_of_date", DataTypes.DateType, false)
          .add("dpd_current", DataTypes.IntegerType, true)
          .add("overdue_amount", DataTypes.DoubleType, true)
          .add("internal_score", DataTypes.IntegerType, true)
          .add("credit_limit", DataTypes.DoubleType, true)
          .add("max_dpd_90d", DataTypes.IntegerType, true)
          .add("product", DataTypes.StringType, true)
          .add("label_value", DataTypes.IntegerType, false);

  static final ModelSettings SETTINGS =
      new ModelSettings(
          7,
          0.3,
          0.25,
          ClassWeight.BALANCED,
          Calibration.ISOTONIC,
          0,
          List.of(15),
          List.of(2, 3),
          List.of(0.2),
          1.0,
          16,
          List.of(0.001, 0.1),
          List.of(0.0),
          50,
          List.of());

  static final ModelSettings PLATT =
      new ModelSettings(
          7,
          0.3,
          0.25,
          ClassWeight.BALANCED,
          Calibration.PLATT,
          0,
          List.of(15),
          List.of(2),
          List.of(0.2),
          1.0,
          16,
          List.of(0.001),
          List.of(0.0),
          50,
          List.of());

  static Dataset<Row> book(long seed, int n) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    String[] products = {"CREDIT_LINE", "INSTALMENT", "PAY_LATER"};
    for (int i = 0; i < n; i++) {
      int dpd = r.nextDouble() < 0.7 ? 0 : r.nextInt(60);
      Double overdue = r.nextDouble() < 0.1 ? null : dpd * (20 + 50 * r.nextDouble());
      Integer score = r.nextDouble() < 0.2 ? null : 300 + r.nextInt(550);
      String product = r.nextDouble() < 0.05 ? null : products[r.nextInt(3)];
      double z =
          -2.5
              + 0.05 * dpd
              + (score == null ? 0.3 : (600 - score) / 150.0)
              + ("PAY_LATER".equals(product) ? 0.8 : 0);
      int y = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      rows.add(
          RowFactory.create(
              "A" + i,
              Date.valueOf("2025-06-30"),
              dpd,
              overdue,
              score,
              1000.0 + r.nextInt(5) * 500,
              null,
              product,
              y));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
    train = book(1, 3000).cache();
    // A session that has run an observed query (as ingest does) holds a non-serializable
    // observation manager: fitted models must not carry the session into tasks.
    train
        .observe(
            new org.apache.spark.sql.Observation("rows"),
            org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)))
        .count();
    validation = book(2, 1500).cache();
  }

  static final java.util.Map<String, ModelTrainer.Trained> FITTED = new java.util.HashMap<>();

  /** Each (family, settings) is trained once per run; tests only read the models. */
  static ModelTrainer.Trained fit(Family family, ModelSettings settings) {
    return FITTED.computeIfAbsent(family + "/" + settings, k -> train(family, settings));
  }

  static ModelTrainer.Trained train(Family family, ModelSettings settings) {
    return ModelTrainer.train(
        train, validation, "label_value", family, settings, "t-" + family.id(), "test", "v1");
  }

  static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  @Test
  void gbtContributionsAddUpToTheMarginAndReasonsAreTheLargest() {
    ModelTrainer.Trained trained = fit(Family.GBT, SETTINGS);
    DelinquencyModel model = trained.model();
    assertThat(trained.search()).hasSize(2);
    assertThat(trained.excludedFeatures()).containsExactly("max_dpd_90d");
    assertThat(model.spec().categorical()).containsExactly("product");
    double auc = trained.search().stream().mapToDouble(s -> s.validationAuc()).max().orElse(0);
    assertThat(auc).isGreaterThan(0.7);

    TreeEnsemble ensemble =
        TreeEnsemble.of(
            (org.apache.spark.ml.classification.GBTClassificationModel) model.classifier());
    double base = 2 * ensemble.expectedMargin();
    List<Row> rows = model.explain(validation, 3).collectAsList();
    for (Row r : rows) {
      List<Double> c = r.getList(r.fieldIndex(DelinquencyModel.CONTRIBUTIONS));
      double sum = c.stream().mapToDouble(Double::doubleValue).sum();
      double pdRaw = r.getDouble(r.fieldIndex(DelinquencyModel.PD_RAW));
      assertThat(base + sum).isCloseTo(logit(pdRaw), within(1e-6));
      assertReasonsAreTopContributions(model, r, c);
    }

    // Explaining some rows only: the same PD everywhere, the same contributions and reasons on
    // the rows chosen (here by PD, which the condition may read), nothing on the others.
    double median = model.score(validation).stat().approxQuantile("pd", new double[] {0.5}, 0)[0];
    List<Row> some =
        model.explain(validation, 3, col("pd").geq(median)).orderBy("account_id").collectAsList();
    List<Row> all = model.explain(validation, 3).orderBy("account_id").collectAsList();
    assertThat(some).hasSameSizeAs(all);
    int explained = 0;
    int withReasons = 0;
    for (int i = 0; i < all.size(); i++) {
      Row a = all.get(i);
      Row b = some.get(i);
      assertThat((Double) b.getAs("pd")).isEqualTo(a.getAs("pd"));
      if (b.<Double>getAs("pd") >= median) {
        explained++;
        assertThat(b.getList(b.fieldIndex(DelinquencyModel.CONTRIBUTIONS)))
            .isEqualTo(a.getList(a.fieldIndex(DelinquencyModel.CONTRIBUTIONS)));
        assertThat(b.getList(b.fieldIndex(DelinquencyModel.REASONS)))
            .isEqualTo(a.getList(a.fieldIndex(DelinquencyModel.REASONS)));
        withReasons += b.getList(b.fieldIndex(DelinquencyModel.REASONS)).isEmpty() ? 0 : 1;
      } else {
        assertThat(b.getList(b.fieldIndex(DelinquencyModel.CONTRIBUTIONS))).isEmpty();
        assertThat(b.getList(b.fieldIndex(DelinquencyModel.REASONS))).isEmpty();
      }
    }
    assertThat(explained).isBetween(1, all.size() - 1);
    assertThat(withReasons).isPositive();
  }

  /**
   * XGBoost's contributions (its native TreeSHAP) add up to its log-odds less one constant, the
   * reasons are the largest of them, and the model scores the same after save and load (MLlib
   * cannot write its stage: the booster is saved natively). The fixture's many zero DPDs make the
   * assembler write sparse rows, which XGBoost would read as missing values if left sparse.
   */
  @Test
  void xgboostContributionsAddUpToItsLogOddsAndItScoresTheSameAfterSaveAndLoad(@TempDir Path dir) {
    ModelTrainer.Trained trained = fit(Family.XGBOOST, PLATT);
    DelinquencyModel model = trained.model();
    assertThat(trained.search()).hasSize(1);
    assertThat(trained.search().get(0).validationAuc())
        .isGreaterThan(0.7)
        .isCloseTo(fit(Family.GBT, PLATT).search().get(0).validationAuc(), within(0.03));
    List<Row> rows = model.explain(validation, 3).orderBy("account_id").collectAsList();
    Double base = null;
    for (Row r : rows) {
      List<Double> c = r.getList(r.fieldIndex(DelinquencyModel.CONTRIBUTIONS));
      assertThat(c).hasSize(model.spec().features().size());
      double rest =
          logit(r.getDouble(r.fieldIndex(DelinquencyModel.PD_RAW)))
              - c.stream().mapToDouble(Double::doubleValue).sum();
      base = base == null ? rest : base;
      assertThat(rest).isCloseTo(base, within(1e-3));
      assertReasonsAreTopContributions(model, r, c);
    }

    String uri = dir.resolve("xgb").toUri().toString();
    model.save(spark, uri);
    DelinquencyModel loaded = DelinquencyModel.load(spark, uri);
    assertThat(loaded.spec().family()).isEqualTo(Family.XGBOOST);
    List<Row> a = rows.stream().map(r -> r.getAs("pd")).map(RowFactory::create).toList();
    List<Row> b =
        loaded.score(validation).orderBy("account_id").select("pd").collectAsList().stream()
            .map(r -> RowFactory.create(r.get(0)))
            .toList();
    assertThat(b).isEqualTo(a);
  }

  @Test
  void logisticContributionsAddUpToTheLogOdds() {
    ModelTrainer.Trained trained = fit(Family.LOGISTIC, PLATT);
    DelinquencyModel model = trained.model();
    DelinquencyModel.Spec spec = model.spec();
    // product: 3 values + one for missing/unseen, less the dropped last = 3 slots
    assertThat(spec.slotFeatures().stream().filter("product"::equals).count()).isEqualTo(3);
    org.apache.spark.ml.classification.LogisticRegressionModel lr =
        (org.apache.spark.ml.classification.LogisticRegressionModel) model.classifier();
    double base = lr.intercept();
    for (int s = 0; s < spec.slotCoefficients().length; s++) {
      base += spec.slotCoefficients()[s] * spec.slotMeans()[s];
    }
    for (Row r : model.explain(validation, 3).collectAsList()) {
      List<Double> c = r.getList(r.fieldIndex(DelinquencyModel.CONTRIBUTIONS));
      double sum = c.stream().mapToDouble(Double::doubleValue).sum();
      double pdRaw = r.getDouble(r.fieldIndex(DelinquencyModel.PD_RAW));
      assertThat(base + sum).isCloseTo(logit(pdRaw), within(1e-6));
      assertReasonsAreTopContributions(model, r, c);
      // Platt: pd is a monotone logistic function of pd_raw
      double pd = r.getDouble(r.fieldIndex(DelinquencyModel.PD));
      assertThat(pd)
          .isCloseTo(
              1 / (1 + Math.exp(-(spec.plattSlope() * logit(pdRaw) + spec.plattIntercept()))),
              within(1e-9));
    }
  }

  static void assertReasonsAreTopContributions(DelinquencyModel model, Row r, List<Double> c) {
    List<String> features = model.spec().features();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      if (c.get(i) > 0) {
        order.add(i);
      }
    }
    order.sort((a, b) -> Double.compare(c.get(b), c.get(a)));
    List<Row> reasons = r.getList(r.fieldIndex(DelinquencyModel.REASONS));
    assertThat(reasons).hasSize(Math.min(3, order.size()));
    for (int k = 0; k < reasons.size(); k++) {
      Row reason = reasons.get(k);
      String feature = features.get(order.get(k));
      assertThat(reason.getString(0)).isEqualTo(feature);
      assertThat(reason.getDouble(2)).isEqualTo(c.get(order.get(k)));
      Object value = r.get(r.fieldIndex(feature));
      String expected =
          value == null
              ? "missing"
              : value instanceof Double d
                  ? String.valueOf(Math.round(d * 10000) / 10000.0)
                  : value.toString();
      assertThat(reason.getString(1)).isEqualTo(expected);
    }
  }

  @Test
  void isotonicCalibrationMatchesTheValidationRateAndSurvivesSaveAndLoad(@TempDir Path dir) {
    DelinquencyModel model = fit(Family.GBT, SETTINGS).model();
    Dataset<Row> scored = model.score(validation);
    Row means =
        scored
            .agg(
                org.apache.spark.sql.functions.avg("pd"),
                org.apache.spark.sql.functions.avg(col("label_value").cast("double")),
                org.apache.spark.sql.functions.avg("pd_raw"))
            .first();
    // Isotonic steps of 0 or 1 are lifted to their smoothed rate: at most half an event moves.
    assertThat(means.getDouble(0)).isCloseTo(means.getDouble(1), within(0.5 / 1500));
    // balanced weights inflate the raw probability of a minority event
    assertThat(means.getDouble(2)).isGreaterThan(means.getDouble(1));

    String uri = dir.resolve("m").toUri().toString();
    model.save(spark, uri);
    DelinquencyModel loaded = DelinquencyModel.load(spark, uri);
    assertThat(loaded.spec().featureSchemaHash()).isEqualTo(model.spec().featureSchemaHash());
    List<Row> a = scored.select("account_id", "pd").orderBy("account_id").collectAsList();
    List<Row> b =
        loaded.score(validation).select("account_id", "pd").orderBy("account_id").collectAsList();
    assertThat(b).isEqualTo(a);
  }

  /**
   * MLlib's trees sample rows for their split candidates once a training set passes 10,000 rows:
   * the same rows in another order and partitioning, and under another shuffle-partition setting of
   * the session, must still give the same model, as its id says.
   */
  @Test
  void theSameRowsInAnotherOrderGiveTheSameModel() {
    Dataset<Row> rows = book(5, 12_000);
    Dataset<Row> shuffled = rows.orderBy(col("account_id").desc()).repartition(7);
    List<Row> pds = new ArrayList<>();
    String setting = "spark.sql.shuffle.partitions";
    String before = spark.conf().get(setting);
    try {
      for (Dataset<Row> t : List.of(rows.repartition(3), shuffled)) {
        DelinquencyModel m =
            ModelTrainer.train(
                    t, validation, "label_value", Family.GBT, PLATT, "order", "test", "v1")
                .model();
        pds.add(
            m.score(validation)
                .agg(
                    org.apache.spark.sql.functions.sum("pd"),
                    org.apache.spark.sql.functions.max("pd"))
                .first());
        spark.conf().set(setting, "3");
      }
    } finally {
      spark.conf().set(setting, before);
    }
    assertThat(pds.get(1)).isEqualTo(pds.get(0));
  }

  /** A label the features separate perfectly: isotonic calibration alone would say 0 and 1. */
  static Dataset<Row> separable(long seed, int n) {
    return book(seed, n)
        .withColumn(
            "label_value",
            org.apache.spark.sql.functions.when(col("dpd_current").gt(30), 1).otherwise(0));
  }

  @Test
  void calibratedProbabilitiesStayStrictlyInsideZeroAndOne() {
    Dataset<Row> sepTrain = separable(3, 2000);
    Dataset<Row> sepValidation = separable(4, 1000).cache();
    for (ModelSettings settings : List.of(SETTINGS, PLATT)) {
      DelinquencyModel model =
          ModelTrainer.train(
                  sepTrain,
                  sepValidation,
                  "label_value",
                  Family.GBT,
                  settings,
                  "sep-" + settings.calibration(),
                  "test",
                  "v1")
              .model();
      Row r =
          model
              .score(sepValidation)
              .agg(
                  org.apache.spark.sql.functions.min("pd"),
                  org.apache.spark.sql.functions.max("pd"),
                  org.apache.spark.sql.functions.min("pd_raw"),
                  org.apache.spark.sql.functions.max("pd_raw"))
              .first();
      String what = settings.calibration().code();
      assertThat(r.getDouble(0)).as(what + " lowest PD").isGreaterThan(0.0);
      assertThat(r.getDouble(1)).as(what + " highest PD").isLessThan(1.0);
      // no bound tighter than the smoothed rate of the whole calibration set
      assertThat(r.getDouble(0)).isGreaterThanOrEqualTo(0.5 / 1001);
      assertThat(model.spec().floor()).isEqualTo(r.getDouble(0));
      assertThat(model.spec().ceiling()).isGreaterThanOrEqualTo(r.getDouble(1));
      double logLoss =
          ScoreMetrics.summary(
                  model.score(sepValidation).select(col("pd"), col("label_value")),
                  "pd",
                  "label_value")
              .logLoss();
      assertThat(logLoss).as(what + " log loss").isLessThan(0.5);
    }
  }

  @Test
  void aChangedFeatureTableIsRefusedByName() {
    DelinquencyModel model = fit(Family.LOGISTIC, PLATT).model();
    model.checkFeatures(train.schema(), List.of("v1"), "t");
    assertThatThrownBy(
            () -> model.checkFeatures(train.drop("internal_score").schema(), List.of("v1"), "t"))
        .isInstanceOf(FeatureSchemaMismatchException.class)
        .hasMessageContaining("missing feature column(s) [internal_score]")
        .hasMessageContaining("Fix:");
    assertThatThrownBy(
            () ->
                model.checkFeatures(
                    train.withColumn("dpd_current", col("dpd_current").cast("string")).schema(),
                    List.of("v1"),
                    "t"))
        .hasMessageContaining("dpd_current is now string");
    assertThatThrownBy(() -> model.checkFeatures(train.schema(), List.of("v1", "v2"), "t"))
        .hasMessageContaining("feature_catalog_version [v2]");
  }

  /** A raw score and an outcome {@code y}: what Platt scaling is fitted on. */
  private static final StructType PLATT_ROWS =
      new StructType()
          .add(DelinquencyModel.PD_RAW, DataTypes.DoubleType)
          .add("y", DataTypes.IntegerType);

  /**
   * Calibration never turns a model's ranking over: on validation rows where the raw score runs
   * against the few events (too few to show the model's signal), Platt keeps slope 1 and only moves
   * the level to the event rate; on rows where it runs with them, it fits both.
   */
  @Test
  void plattScalingKeepsTheModelsOrderWhenValidationRunsAgainstIt() {
    List<Row> against = new ArrayList<>();
    List<Row> along = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double raw = 0.05 + 0.9 * i / 400.0;
      // 4 events, all among the lowest raw scores
      against.add(RowFactory.create(raw, i % 50 == 0 && i < 200 ? 1 : 0));
      along.add(RowFactory.create(raw, i % 10 == 0 && i >= 200 ? 1 : 0));
    }
    double[] kept = ModelTrainer.platt(spark.createDataFrame(against, PLATT_ROWS), "y", "test");
    assertThat(kept[0]).isEqualTo(1.0);
    double mean = 0;
    for (Row r : against) {
      double raw = r.getDouble(0);
      double z = Math.log(raw / (1 - raw)) + kept[1];
      mean += 1 / (1 + Math.exp(-z)) / against.size();
    }
    assertThat(mean).isCloseTo(4 / 400.0, within(1e-6));
    double[] fitted = ModelTrainer.platt(spark.createDataFrame(along, PLATT_ROWS), "y", "test");
    assertThat(fitted[0]).isPositive().isNotEqualTo(1.0);
  }

  /** Validation rows with one outcome only leave the model's probabilities as they are. */
  @Test
  void plattScalingKeepsTheModelsProbabilitiesWhenValidationHasOneOutcome() {
    for (int outcome : new int[] {0, 1}) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        rows.add(RowFactory.create(0.1 + 0.8 * i / 50.0, outcome));
      }
      assertThat(ModelTrainer.platt(spark.createDataFrame(rows, PLATT_ROWS), "y", "test"))
          .as("outcome %d only", outcome)
          .containsExactly(1.0, 0.0);
    }
  }
}
