package io.callwise.models;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callwise.labels.Arm;
import io.callwise.models.DelinquencyModel.Family;
import io.callwise.testing.SparkTestSession;
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

/**
 * A logged history confounded as a collections book's is: the longer past due, the likelier a call
 * rather than a message (5 % at 1 day to 92 % at 60) and the less likely a cure whatever is done. A
 * call adds 15 points for accounts 30 or more days past due and nothing before. A perfect ranking
 * of that effect looks useless when the logged arms are compared as they are; weighted by the
 * inverse propensity (the true one, then one fitted from the features) the deciles show the true
 * effects again.
 */
class PropensityTest {

  static SparkSession spark;

  /** The logged columns of {@link UpliftTest}'s fixture up to the treatment, then these. */
  static final StructType SCHEMA =
      new StructType(java.util.Arrays.copyOf(UpliftTest.SCHEMA.fields(), 6))
          .add("cured", DataTypes.IntegerType, false)
          .add("true_propensity", DataTypes.DoubleType, false)
          .add("true_effect", DataTypes.DoubleType, false)
          .add(UpliftModel.probability(Arm.CALL), DataTypes.DoubleType, false)
          .add(UpliftModel.probability(Arm.MESSAGE), DataTypes.DoubleType, false)
          .add(UpliftModel.probability(Arm.NONE), DataTypes.DoubleType, false);

  static final double CALL_EFFECT = 0.15;

  /** The share of call-or-message rows called in the confounded history. */
  static final double CALLED = 0.05 + 0.0145 * 30.5;

  /**
   * A perfect model's predictions beside each logged row (a little noise breaks the ties); with
   * {@code randomized}, the same population with calls given at random at the same overall rate.
   */
  static Dataset<Row> history(long seed, int rows, boolean randomized) {
    Random r = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int dpd = 1 + r.nextInt(60);
      double e = randomized ? CALLED : 0.05 + 0.0145 * dpd;
      Arm arm = r.nextDouble() < 0.15 ? Arm.NONE : r.nextDouble() < e ? Arm.CALL : Arm.MESSAGE;
      double base = dpd < 30 ? 0.8 : 0.8 - 0.025 * (dpd - 30);
      double tau = dpd >= 30 ? CALL_EFFECT : 0;
      double p =
          switch (arm) {
            case CALL -> base + tau;
            case MESSAGE -> base;
            case NONE -> Math.max(0, base - 0.1);
          };
      out.add(
          RowFactory.create(
              "A" + seed + "-" + i,
              Date.valueOf(LocalDate.parse("2025-06-30")),
              dpd,
              500 + r.nextInt(300),
              50.0 + r.nextInt(500),
              arm.name(),
              r.nextDouble() < p ? 1 : 0,
              e,
              tau,
              0.5 + tau + 0.01 * r.nextGaussian(),
              0.5,
              0.4));
    }
    return spark.createDataFrame(out, SCHEMA);
  }

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
  }

  static UpliftMetrics.Contrast callOverMessage(Dataset<Row> scored) {
    return UpliftMetrics.evaluate(scored, "treatment", "cured", 3).contrasts().get(0);
  }

  static void print(String what, UpliftMetrics.Contrast c) {
    System.out.printf(
        "%s: effect %.3f, deciles 1 and 10 %.3f %.3f, Qini %.5f (%.5f .. %.5f), AUUC %.5f vs"
            + " random %.5f%n",
        what,
        c.observedEffect(),
        c.deciles().get(0).observed(),
        c.deciles().get(9).observed(),
        c.qini(),
        c.qiniLow(),
        c.qiniHigh(),
        c.auuc(),
        c.auucRandom());
  }

  @Test
  void weightingByTheTruePropensityRecoversTheEffectsTheLoggedComparisonHides() {
    Dataset<Row> scored = history(1, 40_000, false).cache();
    double trueEffect =
        scored
            .filter("treatment IN ('CALL', 'MESSAGE')")
            .agg(avg("true_effect"))
            .first()
            .getDouble(0);
    UpliftMetrics.Contrast randomized = callOverMessage(history(5, 40_000, true));
    print("randomized", randomized);

    UpliftMetrics.Contrast logged = callOverMessage(scored);
    print("as logged", logged);
    // the fixture is confounded: as logged, calls look harmful, even where they help most
    assertThat(logged.weighted()).isFalse();
    assertThat(randomized.observedEffect()).isCloseTo(trueEffect, within(0.03));
    assertThat(logged.observedEffect()).isLessThan(randomized.observedEffect() - 0.1);
    assertThat(logged.deciles().get(0).observed())
        .isLessThan(randomized.deciles().get(0).observed() - 0.07);

    Dataset<Row> withTruth =
        scored.withColumn(Propensity.column("call_vs_message"), col("true_propensity"));
    UpliftMetrics.Contrast weighted = callOverMessage(withTruth);
    print("weighted", weighted);
    // weighted, the confounded history reads as the randomized one does
    assertThat(weighted.weighted()).isTrue();
    assertThat(weighted.trimmed()).isZero();
    assertThat(weighted.rows()).isEqualTo(logged.rows());
    assertThat(weighted.observedEffect()).isCloseTo(trueEffect, within(0.03));
    assertThat(weighted.deciles().get(0).observed()).isCloseTo(CALL_EFFECT, within(0.06));
    assertThat(weighted.deciles().get(9).observed()).isCloseTo(0.0, within(0.06));
    assertThat(weighted.qini()).isCloseTo(randomized.qini(), within(0.004));
    assertThat(weighted.auuc() - weighted.auucRandom())
        .isCloseTo(randomized.auuc() - randomized.auucRandom(), within(0.01));
    // the decile counts stay rows, not weights
    assertThat(weighted.deciles().stream().mapToLong(d -> d.treated() + d.control()).sum())
        .isEqualTo(weighted.rows());

    // rows no other arm could have reached are left out and counted
    Dataset<Row> extreme =
        withTruth.withColumn(
            Propensity.column("call_vs_message"),
            when(col("dpd_current").equalTo(60), lit(0.995)).otherwise(col("true_propensity")));
    long atTheEdge = scored.filter("dpd_current = 60 AND treatment IN ('CALL', 'MESSAGE')").count();
    UpliftMetrics.Contrast trimmed = callOverMessage(extreme);
    assertThat(trimmed.trimmed()).isEqualTo(atTheEdge).isPositive();
    assertThat(trimmed.rows()).isEqualTo(logged.rows() - atTheEdge);
    scored.unpersist();
  }

  @Test
  void aFittedPropensityIsCloseToTheTrueOneAndWeightsAsWell() {
    ModelSettings settings = UpliftTest.SETTINGS;
    Propensity.Fitted fitted =
        Propensity.fit(
            history(2, 12_000, false),
            history(3, 6_000, false),
            "treatment",
            Arm.CALL,
            Arm.MESSAGE,
            Family.GBT,
            settings,
            "p",
            "v1");
    assertThat(fitted.contrast()).isEqualTo("call_vs_message");
    Dataset<Row> scored = Propensity.score(history(4, 24_000, false), List.of(fitted)).cache();
    String e = Propensity.column("call_vs_message");
    double error = scored.agg(avg(abs(col(e).minus(col("true_propensity"))))).first().getDouble(0);
    System.out.printf(
        "fitted propensity: validation AUC %.3f, mean absolute error %.4f%n",
        fitted.validationAuc(), error);
    assertThat(error).isLessThan(0.05);
    UpliftMetrics.Contrast weighted = callOverMessage(scored);
    assertThat(weighted.weighted()).isTrue();
    assertThat(weighted.deciles().get(0).observed()).isCloseTo(CALL_EFFECT, within(0.07));
    assertThat(weighted.deciles().get(9).observed()).isCloseTo(0.0, within(0.07));
    assertThat(weighted.qiniLow()).isPositive();
    scored.unpersist();
  }
}
