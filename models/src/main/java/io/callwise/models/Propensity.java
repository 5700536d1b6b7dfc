package io.callwise.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.callwise.labels.Arm;
import io.callwise.models.DelinquencyModel.Family;
import java.util.List;
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
