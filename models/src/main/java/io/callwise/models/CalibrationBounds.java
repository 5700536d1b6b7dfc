package io.callwise.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The lowest and highest PD a calibrated model may give, from its calibration set.
 *
 * <p>Isotonic regression fits a step function whose lowest step is the event rate of the
 * calibration rows it covers, 0 when none of them had the event (and its highest 1 when all did): a
 * claim of certainty from a few hundred rows. Such an extreme step is replaced by its rate with
 * add-one-half smoothing, (events + ½) / (rows + 1), the Jeffreys-style estimate of a rate never
 * observed; a step that is not 0 or 1 is kept as it is, so calibration elsewhere is unchanged.
 * Platt scaling never reaches 0 or 1 in theory, but does in floating point for extreme scores; it
 * is bounded by ½ / (rows + 1) of the whole calibration set and its mirror image.
 */
final class CalibrationBounds {

  private CalibrationBounds() {}

  /**
   * @param validationScored calibration rows with {@link DelinquencyModel#PD_RAW} and the label
   * @param isotonic the fitted isotonic model, or null for Platt scaling
   * @return {floor, ceiling}, with 0 &lt; floor &lt;= ceiling &lt; 1
   */
  static double[] of(
      Dataset<Row> validationScored, String labelColumn, IsotonicRegressionModel isotonic) {
    if (isotonic == null) {
      long rows = validationScored.count();
      double floor = 0.5 / (rows + 1);
      return new double[] {floor, 1 - floor};
    }
    Dataset<Row> steps =
        isotonic
            .setFeaturesCol(DelinquencyModel.PD_RAW)
            .setPredictionCol("__step")
            .transform(validationScored)
            .select(col("__step"), col(labelColumn).cast("double").as("__y"));
    Row extremes = steps.agg(min("__step"), max("__step")).first();
    double low = extremes.getDouble(0);
    double high = extremes.getDouble(1);
    Row counts =
        steps
            .agg(
                count(when(col("__step").equalTo(low), lit(1))),
                sum(when(col("__step").equalTo(low), col("__y"))),
                count(when(col("__step").equalTo(high), lit(1))),
                sum(when(col("__step").equalTo(high), col("__y"))))
            .first();
    double floor = low > 0 ? low : (counts.getDouble(1) + 0.5) / (counts.getLong(0) + 1);
    double ceiling = high < 1 ? high : (counts.getDouble(3) + 0.5) / (counts.getLong(2) + 1);
    return new double[] {Math.min(floor, ceiling), Math.max(floor, ceiling)};
  }
}
