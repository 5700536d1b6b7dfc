package io.callwise.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.callwise.labels.Arm;
import io.callwise.models.DelinquencyModel.Family;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The chance that a logged row received one arm of a contrast rather than the other, given its
 * features: a classifier of the arm among the rows given either, tuned on the first point of the
 * grid and calibrated on its validation rows as a delinquency model is (a weight needs a calibrated
 * probability, not a good ranking).
 *
 * <p>A lender's past contacts followed its policy: the synthetic book's history calls long and
 * large debts far more often than short ones, and those cure less whatever is done. Comparing the
 * called and messaged rows of a group as logged then mixes the call's effect with who was called.
 * Weighting each row by the inverse of the chance of the arm it got ({@link UpliftMetrics}) undoes
 * that where the policy depended only on what the features record and gave each arm a chance; rows
 * whose chance is below {@value #TRIM} or above 1 - {@value #TRIM} have no comparable rows under
 * the other arm and are left out of the weighted contrast (counted in its report).
 */
public final class Propensity {

  private Propensity() {}

  /** Rows with a propensity outside [TRIM, 1 - TRIM] are left out of a weighted contrast. */
  public static final double TRIM = 0.02;

  private static final String TARGET = "__given_treated_arm";

  /** The column holding the propensity of a contrast, e.g. {@code propensity_call_vs_message}. */
  public static String column(String contrast) {
    return "propensity_" + contrast;
  }

  /**
   * A fitted propensity of the treated arm among the rows given either arm of a contrast.
   *
   * @param validationAuc how well the features tell the arms apart (0.5: as if at random)
   */
  public record Fitted(String contrast, DelinquencyModel model, double validationAuc) {}

  /**
   * Fits the propensity of {@code treated} over {@code control} on the training rows given either.
   *
   * @throws IllegalArgumentException when the rows do not hold both arms
   */
  public static Fitted fit(
      Dataset<Row> train,
      Dataset<Row> validation,
      String treatmentColumn,
      Arm treated,
      Arm control,
      Family family,
      ModelSettings settings,
      String modelId,
      String catalogVersion) {
    String contrast = UpliftMetrics.contrastName(treated, control);
    ModelTrainer.Trained t =
        ModelTrainer.train(
            target(train, treatmentColumn, treated, control),
            target(validation, treatmentColumn, treated, control),
            TARGET,
            family,
            settings.firstPoint(),
            modelId + "-" + column(contrast),
            column(contrast),
            catalogVersion);
    return new Fitted(contrast, t.model(), t.search().get(0).validationAuc());
  }

  private static Dataset<Row> target(
      Dataset<Row> rows, String treatmentColumn, Arm treated, Arm control) {
    return rows.filter(col(treatmentColumn).isin(treated.name(), control.name()))
        .withColumn(TARGET, when(col(treatmentColumn).equalTo(treated.name()), 1).otherwise(0));
  }

  /** The column {@link #withArmWeight} adds: the inverse of the chance of the arm received. */
  public static final String ARM_WEIGHT = "inverse_propensity";

  /**
   * Adds {@link #ARM_WEIGHT}: {@code share(arm) / P(arm | features)} for the arm each row received,
   * so that in a weighted fit every arm stands for the whole population of rows rather than for the
   * accounts the old policy gave it. The chance of each of the three arms follows from the two
   * fitted contrasts, whose odds multiply: {@code P(call) : P(message) : P(none) = r1 r2 : r2 : 1}
   * with {@code r1} the odds of a call over a message and {@code r2} of a message over none. A
   * chance below {@value #TRIM} counts as {@value #TRIM}, so no row weighs more than {@code
   * share(arm) / TRIM}; {@code share(arm)} (the arm's share of the rows) makes the weights average
   * about 1.
   *
   * @param shares each arm's share of the rows weighted
   * @throws IllegalArgumentException when either contrast was not fitted
   */
  public static Dataset<Row> withArmWeight(
      Dataset<Row> rows,
      List<Fitted> fitted,
      String treatmentColumn,
      java.util.Map<Arm, Double> shares) {
    String callOverMessage = UpliftMetrics.contrastName(Arm.CALL, Arm.MESSAGE);
    String messageOverNone = UpliftMetrics.contrastName(Arm.MESSAGE, Arm.NONE);
    List<Fitted> needed =
        fitted.stream()
            .filter(
                f -> f.contrast().equals(callOverMessage) || f.contrast().equals(messageOverNone))
            .toList();
    if (needed.size() != 2) {
      throw new IllegalArgumentException(
          "weighting the training rows by the inverse propensity needs the propensities of "
              + callOverMessage
              + " and "
              + messageOverNone
              + "; the fitted ones are "
              + fitted.stream().map(Fitted::contrast).toList()
              + ". Fix: train over dates whose rows received every arm, or without the weighting.");
    }
    Column r1 = odds(col(column(callOverMessage)));
    Column r2 = odds(col(column(messageOverNone)));
    Column none = lit(1.0).divide(lit(1.0).plus(r2).plus(r1.multiply(r2)));
    Column chance =
        when(col(treatmentColumn).equalTo(Arm.CALL.name()), r1.multiply(r2).multiply(none))
            .when(col(treatmentColumn).equalTo(Arm.MESSAGE.name()), r2.multiply(none))
            .otherwise(none);
    Column share = lit(shares.getOrDefault(Arm.NONE, 0.0));
    for (Arm a : List.of(Arm.CALL, Arm.MESSAGE)) {
      share =
          when(col(treatmentColumn).equalTo(a.name()), lit(shares.getOrDefault(a, 0.0)))
              .otherwise(share);
    }
    Dataset<Row> scored = score(rows, needed);
    return scored
        .withColumn(ARM_WEIGHT, share.divide(greatest(chance, lit(TRIM))))
        .drop(column(callOverMessage), column(messageOverNone));
  }

  /** The odds p / (1 - p) of a probability, kept finite. */
  private static Column odds(Column p) {
    Column bounded = least(greatest(p, lit(1e-6)), lit(1 - 1e-6));
    return bounded.divide(lit(1.0).minus(bounded));
  }

  /** Adds each fitted contrast's {@link #column} to every row. */
  public static Dataset<Row> score(Dataset<Row> rows, List<Fitted> fitted) {
    Dataset<Row> out = rows;
    for (Fitted f : fitted) {
      out =
          f.model()
              .score(out)
              .withColumnRenamed(DelinquencyModel.PD, column(f.contrast()))
              .drop(DelinquencyModel.PD_RAW);
    }
    return out;
  }
}
