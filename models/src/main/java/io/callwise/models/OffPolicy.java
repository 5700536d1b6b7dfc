package io.callwise.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callwise.labels.Arm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The value of a policy estimated from logged decisions that were assigned at random with known
 * probabilities, without running it: inverse propensity weighting (self-normalized) and the doubly
 * robust estimate, which adds a treatment-effect model's prediction for the policy's arm and
 * corrects it with the weighted residual where the logged arm is the policy's. Intervals are
 * percentiles of a Poisson bootstrap of the rows (seeded by account and date), aggregated per
 * replicate in one pass. A log without randomized rows (every probability 1 or missing) is refused:
 * a deterministic history says nothing about the arms it never chose.
 */
public final class OffPolicy {

  private OffPolicy() {}

  static final int REPLICATES = 200;

  public record Estimate(String method, double value, double low, double high) {}

  /** Both estimates and the rows that carried weight. */
  public record Result(long rows, long matching, Estimate ipw, Estimate doublyRobust) {}

  /**
   * @param logged one row per logged decision: {@code account_id}, {@code as_of_date}, the arm it
   *     received ({@code treatment}), its {@code outcome}, the probability that arm had when it was
   *     assigned ({@code propensity}), the arm the evaluated policy gives it ({@code target}) and a
   *     model's expected outcome under each arm ({@code p_call}, {@code p_message}, {@code p_none},
   *     on the outcome's scale)
   */
  public static Result estimate(
      Dataset<Row> logged,
      String treatment,
      String outcome,
      String propensity,
      String target,
      long seed) {
    Row randomized =
        logged
            .agg(
                count(lit(1)),
                sum(when(col(propensity).gt(0).and(col(propensity).lt(1)), 1).otherwise(0)))
            .first();
    long rows = randomized.getLong(0);
    long random = randomized.isNullAt(1) ? 0 : randomized.getLong(1);
    if (random == 0) {
      throw new IllegalArgumentException(
          "none of the "
              + rows
              + " logged decisions was assigned at random (every "
              + propensity
              + " is 1 or missing): a deterministic history cannot value the treatments it never"
              + " chose. Fix: log decisions with a randomized share and their probabilities.");
    }
    Column match = col(treatment).equalTo(col(target));
    Column w = when(match, lit(1.0).divide(col(propensity))).otherwise(lit(0.0));
    Column predicted = null;
    Column predictedLogged = null;
    for (Arm a : Arm.values()) {
      Column p = col(UpliftModel.probability(a));
      predicted =
          predicted == null
              ? when(col(target).equalTo(a.name()), p)
              : predicted.when(col(target).equalTo(a.name()), p);
      predictedLogged =
          predictedLogged == null
              ? when(col(treatment).equalTo(a.name()), p)
              : predictedLogged.when(col(treatment).equalTo(a.name()), p);
    }
    Column y = col(outcome).cast("double");
    Column dr = predicted.plus(w.multiply(y.minus(predictedLogged)));
    Column weight = UpliftMetrics.poissonWeight(col("__b"), seed);
    List<Row> sums =
        logged
            .filter(col(propensity).gt(0))
            .select(
                col("account_id"),
                col("as_of_date"),
                w.as("__iw"),
                w.multiply(y).as("__iwy"),
                dr.as("__dr"),
                when(match, 1).otherwise(0).as("__match"))
            .withColumn("__b", explode(sequence(lit(0), lit(REPLICATES))))
            .withColumn("__w", weight)
            .groupBy("__b")
            .agg(
                sum(col("__w")).as("n"),
                sum(col("__w").multiply(col("__iw"))).as("iw"),
                sum(col("__w").multiply(col("__iwy"))).as("iwy"),
                sum(col("__w").multiply(col("__dr"))).as("dr"),
                sum(when(col("__b").equalTo(0), col("__match")).otherwise(0)).as("matching"))
            .collectAsList();
    double[] ipw = new double[REPLICATES];
    double[] drs = new double[REPLICATES];
    double ipw0 = Double.NaN;
    double dr0 = Double.NaN;
    long matching = 0;
    int k = 0;
    for (Row r : sums) {
      double n = r.getDouble(1);
      double iw = r.getDouble(2);
      double snipw = iw == 0 ? Double.NaN : r.getDouble(3) / iw;
      double d = n == 0 ? Double.NaN : r.getDouble(4) / n;
      if (r.getInt(0) == 0) {
        ipw0 = snipw;
        dr0 = d;
        matching = r.getLong(5);
      } else {
        ipw[k] = snipw;
        drs[k++] = d;
      }
    }
    ipw = Arrays.copyOf(ipw, k);
    drs = Arrays.copyOf(drs, k);
    Arrays.sort(ipw);
    Arrays.sort(drs);
    return new Result(
        rows,
        matching,
        new Estimate("ipw", ipw0, percentile(ipw, 0.025), percentile(ipw, 0.975)),
        new Estimate("doubly-robust", dr0, percentile(drs, 0.025), percentile(drs, 0.975)));
  }

  private static double percentile(double[] sorted, double p) {
    List<Double> finite = new ArrayList<>();
    for (double v : sorted) {
      if (!Double.isNaN(v)) {
        finite.add(v);
      }
    }
    if (finite.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.round(p * (finite.size() - 1));
    return finite.get(i);
  }
}
