package io.callwise.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callwise.labels.Arm;
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
 * A log whose arms were drawn with probabilities that depend on the borrower (the riskier are
 * called more often), and a target policy that calls only the low-risk half: the plain mean of the
 * rows where the log agrees with the policy is biased, the weighted estimates are not. The policy's
 * true value is the mean of each row's known probability under the arm it would get.
 */
class OffPolicyTest {

  static SparkSession spark;

  static final StructType SCHEMA =
      new StructType()
          .add("account_id", DataTypes.StringType, false)
          .add("as_of_date", DataTypes.DateType, false)
          .add("treatment", DataTypes.StringType, false)
          .add("paid", DataTypes.IntegerType, false)
          .add("propensity", DataTypes.DoubleType, true)
          .add("target", DataTypes.StringType, false)
          .add(UpliftModel.probability(Arm.CALL), DataTypes.DoubleType, false)
          .add(UpliftModel.probability(Arm.MESSAGE), DataTypes.DoubleType, false)
          .add(UpliftModel.probability(Arm.NONE), DataTypes.DoubleType, false);

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
  }

  /** The true probability of paying for a risky (or not) borrower under an arm. */
  static double truth(boolean risky, Arm arm) {
    double base = risky ? 0.15 : 0.55;
    return switch (arm) {
      case CALL -> base + (risky ? 0.10 : 0.30);
      case MESSAGE -> base + 0.05;
      case NONE -> base;
    };
  }

  record Fixture(Dataset<Row> logged, double value, double naive) {}

  /**
   * @param model the model columns: the truth, or a constant 0.5 for every arm (a useless model the
   *     doubly robust estimate must survive)
   * @param randomized false: every row is logged with probability 1 (a deterministic history)
   */
  static Fixture fixture(int n, boolean trueModel, boolean randomized) {
    Random r = new Random(42);
    List<Row> rows = new ArrayList<>();
    Date d = Date.valueOf(LocalDate.parse("2025-06-30"));
    double value = 0;
    double matchSum = 0;
    int matches = 0;
    for (int i = 0; i < n; i++) {
      boolean risky = r.nextDouble() < 0.5;
      double pCall = risky ? 0.6 : 0.1;
      double pMessage = risky ? 0.2 : 0.3;
      double u = r.nextDouble();
      Arm arm = u < pCall ? Arm.CALL : u < pCall + pMessage ? Arm.MESSAGE : Arm.NONE;
      double p = arm == Arm.CALL ? pCall : arm == Arm.MESSAGE ? pMessage : 1 - pCall - pMessage;
      int paid = r.nextDouble() < truth(risky, arm) ? 1 : 0;
      Arm target = risky ? Arm.MESSAGE : Arm.CALL;
      value += truth(risky, target);
      if (arm == target) {
        matchSum += paid;
        matches++;
      }
      rows.add(
          RowFactory.create(
              "A" + i,
              d,
              arm.name(),
              paid,
              randomized ? p : 1.0,
              target.name(),
              trueModel ? truth(risky, Arm.CALL) : 0.5,
              trueModel ? truth(risky, Arm.MESSAGE) : 0.5,
              trueModel ? truth(risky, Arm.NONE) : 0.5));
    }
    return new Fixture(spark.createDataFrame(rows, SCHEMA), value / n, matchSum / matches);
  }

  @Test
  void weightedEstimatesRecoverThePolicyValueWhereTheNaiveMeanIsBiased() {
    Fixture f = fixture(20_000, true, true);
    // the log agrees with the target twice as often on the risky half (messaged 20 % of the time)
    // as on the low-risk half (called 10 %): the plain mean of agreeing rows leans to the risky
    assertThat(Math.abs(f.naive() - f.value())).isGreaterThan(0.05);

    OffPolicy.Result result =
        OffPolicy.estimate(f.logged(), "treatment", "paid", "propensity", "target", 7);

    assertThat(result.rows()).isEqualTo(20_000);
    assertThat(result.matching()).isBetween(2700L, 3300L);
    for (OffPolicy.Estimate e : List.of(result.ipw(), result.doublyRobust())) {
      assertThat(e.value()).as(e.method()).isCloseTo(f.value(), within(0.03));
      assertThat(e.low()).as(e.method()).isLessThan(e.value()).isLessThan(f.value() + 0.01);
      assertThat(e.high()).as(e.method()).isGreaterThan(e.value()).isGreaterThan(f.value() - 0.01);
    }
    // a correct outcome model leaves only the residual noise: a narrower interval than weighting
    double ipwWidth = result.ipw().high() - result.ipw().low();
    double drWidth = result.doublyRobust().high() - result.doublyRobust().low();
    assertThat(drWidth).isLessThan(ipwWidth);
  }

  @Test
  void doublyRobustSurvivesAUselessModel() {
    Fixture f = fixture(20_000, false, true);

    OffPolicy.Result result =
        OffPolicy.estimate(f.logged(), "treatment", "paid", "propensity", "target", 7);

    assertThat(result.doublyRobust().value()).isCloseTo(f.value(), within(0.02));
  }

  @Test
  void aDeterministicHistoryIsRefused() {
    Fixture f = fixture(500, true, false);

    assertThatThrownBy(
            () -> OffPolicy.estimate(f.logged(), "treatment", "paid", "propensity", "target", 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none of the 500 logged decisions was assigned at random")
        .hasMessageContaining("propensity")
        .hasMessageContaining("Fix:");
  }
}
