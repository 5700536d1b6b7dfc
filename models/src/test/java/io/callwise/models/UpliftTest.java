package io.callwise.models;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.labels.Arm;
import io.callwise.models.DelinquencyModel.Family;
import io.callwise.models.UpliftModel.Estimator;
import io.callwise.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
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
 * Both estimators on a randomized fixture with known effects: a call helps borrowers with a high
 * internal score (+40 points), a message helps the recently late (+20 points), nothing else matters
 * but a base rate. Each estimator must rank the groups by their true effects, the metrics must find
 * a positive Qini for the model and none for a random ranking, and a saved model scores the same.
 */
class UpliftTest {

  static SparkSession spark;
  static Dataset<Row> train;
  static Dataset<Row> validation;
  static Dataset<Row> outOfTime;

  static final StructType SCHEMA =
      new StructType()
          .add("account_id", DataTypes.StringType, false)
          .add("as_of_date", DataTypes.DateType, false)
          .add("dpd_current", DataTypes.IntegerType, true)
          .add("internal_score", DataTypes.IntegerType, true)
          .add("overdue_amount", DataTypes.DoubleType, true)
          .add("treatment", DataTypes.StringType, false)
          .add("paid", DataTypes.IntegerType, false);

  static final ModelSettings SETTINGS =
      new ModelSettings(
          7,
          0.3,
          0.25,
          ClassWeight.NONE,
          Calibration.PLATT,
          0,
          List.of(25),
          List.of(3),
          List.of(0.3),
          1.0,
          16,
          List.of(0.001),
          List.of(0.0),
          50,
          List.of());

  /** The true probability of paying under {@code arm}. */
  static double truth(int dpd, int score, Arm arm) {
    double p = 0.15;
    if (arm == Arm.CALL && score > 650) {
      p += 0.4;
    }
    if (arm == Arm.MESSAGE && dpd < 10) {
      p += 0.2;
    }
    return p;
  }

  static Dataset<Row> book(long seed, int rows, String date) {
    Random r = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int dpd = 1 + r.nextInt(40);
      int score = 500 + r.nextInt(300);
      Arm arm = Arm.values()[r.nextInt(3)];
      out.add(
          RowFactory.create(
              "A" + seed + "-" + i,
              Date.valueOf(LocalDate.parse(date)),
              dpd,
              score,
              50.0 + r.nextInt(500),
              arm.name(),
              r.nextDouble() < truth(dpd, score, arm) ? 1 : 0));
    }
    return spark.createDataFrame(out, SCHEMA);
  }

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    train = book(1, 6000, "2025-03-31").cache();
    validation = book(2, 3000, "2025-03-31").cache();
    outOfTime = book(3, 6000, "2025-06-30").cache();
  }

  static final java.util.Map<Estimator, UpliftModel> TRAINED =
      new java.util.EnumMap<>(Estimator.class);

  /** Each estimator is trained once per run; tests only read the models. */
  static UpliftModel trained(Estimator e) {
    return TRAINED.computeIfAbsent(
        e,
        k ->
            UpliftTrainer.train(
                    train,
                    validation,
                    "treatment",
                    "paid",
                    k,
                    Family.GBT,
                    SETTINGS,
                    "u-" + k.id(),
                    "v1")
                .model());
  }

  static double mean(Dataset<Row> scored, String filter, Arm a, Arm b) {
    return scored
        .filter(filter)
        .agg(avg(col(UpliftModel.probability(a)).minus(col(UpliftModel.probability(b)))))
        .first()
        .getDouble(0);
  }

  @Test
  void eachEstimatorRanksTheGroupsByTheirTrueEffects() {
    for (Estimator e : Estimator.values()) {
      Dataset<Row> scored = trained(e).score(outOfTime).cache();
      double callHigh = mean(scored, "internal_score > 660", Arm.CALL, Arm.MESSAGE);
      double callLow = mean(scored, "internal_score < 640", Arm.CALL, Arm.MESSAGE);
      double messageEarly = mean(scored, "dpd_current < 9", Arm.MESSAGE, Arm.NONE);
      double messageLate = mean(scored, "dpd_current > 11", Arm.MESSAGE, Arm.NONE);
      System.out.printf(
          "%s: call over message %.3f (score > 660) vs %.3f; message over none %.3f (dpd < 9)"
              + " vs %.3f%n",
          e.id(), callHigh, callLow, messageEarly, messageLate);
      assertThat(callHigh - callLow).as(e.id() + " call effect by score").isGreaterThan(0.2);
      assertThat(messageEarly - messageLate)
          .as(e.id() + " message effect by DPD")
          .isGreaterThan(0.04);

      UpliftMetrics.Evaluation ev = UpliftMetrics.evaluate(scored, "treatment", "paid", 3);
      UpliftMetrics.Contrast call = ev.contrasts().get(0);
      assertThat(call.name()).isEqualTo("call_vs_message");
      assertThat(call.qiniLow()).as(e.id() + " Qini interval above 0").isGreaterThan(0);
      assertThat(call.auuc()).isGreaterThan(call.auucRandom());
      assertThat(call.deciles().get(0).observed()).isGreaterThan(call.deciles().get(9).observed());
      for (UpliftMetrics.ArmCalibration c : ev.calibration()) {
        assertThat(c.meanPredicted())
            .as(e.id() + " " + c.arm())
            .isCloseTo(c.observedRate(), org.assertj.core.api.Assertions.within(0.05));
      }
      scored.unpersist();
    }
  }

  @Test
  void aRandomRankingHasNoQiniAndASavedModelScoresTheSame(@TempDir Path dir) {
    Dataset<Row> shuffled =
        outOfTime
            .withColumn(UpliftModel.probability(Arm.CALL), rand(5))
            .withColumn(UpliftModel.probability(Arm.MESSAGE), rand(6))
            .withColumn(UpliftModel.probability(Arm.NONE), rand(7));
    UpliftMetrics.Contrast random =
        UpliftMetrics.evaluate(shuffled, "treatment", "paid", 3).contrasts().get(0);
    assertThat(random.qiniLow()).isLessThan(0);
    assertThat(random.qiniHigh()).isGreaterThan(0);

    UpliftModel model = trained(Estimator.S_LEARNER);
    String uri = dir.resolve("m").toUri().toString();
    model.save(spark, uri);
    UpliftModel loaded = UpliftModel.load(spark, uri);
    assertThat(loaded.spec()).isEqualTo(model.spec());
    List<Row> a =
        model
            .score(outOfTime)
            .orderBy("account_id")
            .select("p_call", "p_message", "p_none")
            .collectAsList();
    List<Row> b =
        loaded
            .score(outOfTime)
            .orderBy("account_id")
            .select("p_call", "p_message", "p_none")
            .collectAsList();
    assertThat(b).isEqualTo(a);
  }
}
