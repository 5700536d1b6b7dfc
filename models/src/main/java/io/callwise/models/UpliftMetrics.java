package io.callwise.models;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.callwise.labels.Arm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How well a treatment-effect model ranks accounts by the effect of one arm over another, on logged
 * rows where either arm was given: the uplift curve (incremental events among the top share of
 * accounts by predicted effect), its area (AUUC) against a random ranking's, the Qini coefficient,
 * uplift by decile, and each arm's calibration. Intervals come from a Poisson bootstrap of the rows
 * (seeded by account and date, so they are reproducible), aggregated per bin and replicate in one
 * pass: nothing per account reaches the driver.
 *
 * <p>With logged data the observed uplift of a group is the difference of its arms' outcome rates,
 * which is the effect only when the arm was assigned at random within the group. When the rows
 * carry a contrast's {@link Propensity#column} (the chance of the treated arm among rows given
 * either, from the features), every sum is weighted by the inverse of the chance of the arm the row
 * got (stabilized: times the arm's share, so each arm's weights sum to about its rows) and the rows
 * whose chance lies outside [{@value Propensity#TRIM}, 1 - {@value Propensity#TRIM}] are left out
 * (counted): the rates are then those every row of the group would have had under each arm, as long
 * as the logged policy depended only on what the features record.
 */
public final class UpliftMetrics {

  private UpliftMetrics() {}

  /** Bins of the uplift curve. */
  static final int BINS = 50;

  /** Bootstrap replicates. */
  static final int REPLICATES = 100;

  /** One point of a curve over the share of accounts targeted. */
  public record Point(double share, double value) {}

  /** A decile of predicted effect: its mean prediction and the observed difference of rates. */
  public record Decile(int decile, long treated, long control, double predicted, Double observed) {}

  /** An arm's calibration on the rows that received it. */
  public record ArmCalibration(String arm, long rows, double meanPredicted, double observedRate) {}

  /**
   * @param auuc area under the uplift curve, in incremental events per account, averaged over the
   *     curve's points
   * @param auucRandom the same for a random ranking
   * @param qini the Qini coefficient: mean gap between the Qini curve and the random line, per
   *     account
   */
  public record Contrast(
      String name,
      long rows,
      double auuc,
      double auucLow,
      double auucHigh,
      double auucRandom,
      double qini,
      double qiniLow,
      double qiniHigh,
      double observedEffect,
      double predictedEffect,
      List<Point> upliftCurve,
      List<Point> qiniCurve,
      List<Decile> deciles,
      boolean weighted,
      long trimmed) {}

  public record Evaluation(List<Contrast> contrasts, List<ArmCalibration> calibration) {}

  /** The contrasts reported: a call over a message, a message over nothing. */
  public static final List<Arm[]> CONTRASTS =
      List.of(new Arm[] {Arm.CALL, Arm.MESSAGE}, new Arm[] {Arm.MESSAGE, Arm.NONE});

  /** The name of the contrast of {@code treated} over {@code control}, e.g. call_vs_message. */
  public static String contrastName(Arm treated, Arm control) {
    return treated.name().toLowerCase(java.util.Locale.ROOT)
        + "_vs_"
        + control.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Every {@link #CONTRASTS contrast} and arm calibration of the scored rows; a contrast whose
   * {@link Propensity#column} is among the columns is weighted by it.
   */
  public static Evaluation evaluate(
      Dataset<Row> scored, String treatmentColumn, String outcome, long seed) {
    List<Contrast> contrasts = new ArrayList<>();
    for (Arm[] c : CONTRASTS) {
      contrasts.add(contrast(scored, treatmentColumn, outcome, c[0], c[1], seed));
    }
    List<ArmCalibration> calibration = new ArrayList<>();
    for (Arm arm : Arm.values()) {
      Row r =
          scored
              .filter(col(treatmentColumn).equalTo(arm.name()))
              .agg(count(lit(1)), avg(col(UpliftModel.probability(arm))), avg(col(outcome)))
              .first();
      long n = r.getLong(0);
      calibration.add(
          new ArmCalibration(
              arm.name(),
              n,
              n == 0 ? Double.NaN : r.getDouble(1),
              n == 0 ? Double.NaN : r.getDouble(2)));
    }
    return new Evaluation(contrasts, calibration);
  }

  static Contrast contrast(
      Dataset<Row> scored,
      String treatmentColumn,
      String outcome,
      Arm treated,
      Arm control,
      long seed) {
    String name = contrastName(treated, control);
    String propensity = Propensity.column(name);
    boolean weighted = Arrays.asList(scored.columns()).contains(propensity);
    Column tau = col(UpliftModel.probability(treated)).minus(col(UpliftModel.probability(control)));
    Column t = col(treatmentColumn).equalTo(treated.name());
    Dataset<Row> given = scored.filter(col(treatmentColumn).isin(treated.name(), control.name()));
    long trimmed = 0;
    Column inverse = lit(1.0);
    if (weighted) {
      Column e = col(propensity);
      Column kept = e.between(Propensity.TRIM, 1 - Propensity.TRIM);
      Row r =
          given
              .agg(
                  count(when(kept.isNull().or(not(kept)), 1)),
                  avg(when(kept, when(t, 1.0).otherwise(0.0))))
              .first();
      trimmed = r.getLong(0);
      // stabilized: each arm's weights sum to about its rows, so the curves keep their scale
      double share = r.isNullAt(1) ? 0.5 : r.getDouble(1);
      given = given.filter(kept);
      inverse = when(t, lit(share).divide(e)).otherwise(lit(1 - share).divide(lit(1.0).minus(e)));
    }
    Dataset<Row> rows =
        given.select(
            tau.as("__tau"),
            t.as("__t"),
            col(outcome).cast("double").as("__y"),
            inverse.as("__ipw"),
            col("account_id"),
            col("as_of_date"));
    double[] probabilities = new double[BINS - 1];
    for (int k = 1; k < BINS; k++) {
      probabilities[k - 1] = (double) k / BINS;
    }
    double[] cuts = rows.stat().approxQuantile("__tau", probabilities, 0.001);
    if (cuts.length == 0) {
      return new Contrast(
          name,
          0,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          List.of(),
          List.of(),
          List.of(),
          weighted,
          trimmed);
    }
    // bin 0 holds the highest predicted effects
    Column bin = lit(0);
    for (double cut : cuts) {
      bin = bin.plus(when(col("__tau").lt(cut), 1).otherwise(0));
    }
    // a row's weight: its bootstrap draw times its inverse propensity (1 when not weighted)
    Column weight = poissonWeight(col("__b"), seed).multiply(col("__ipw"));
    Column w = col("__w");
    Column sample = col("__b").equalTo(0);
    List<Row> agg =
        rows.withColumn("__bin", bin)
            .withColumn("__b", explode(sequence(lit(0), lit(REPLICATES))))
            .withColumn("__w", weight)
            .groupBy("__b", "__bin")
            .agg(
                sum(when(col("__t"), w).otherwise(0.0)).as("nt"),
                sum(when(col("__t"), lit(0.0)).otherwise(w)).as("nc"),
                sum(when(col("__t"), w.multiply(col("__y"))).otherwise(0.0)).as("yt"),
                sum(when(col("__t"), lit(0.0)).otherwise(w.multiply(col("__y")))).as("yc"),
                sum(when(sample, col("__tau")).otherwise(0.0)).as("tau_sum"),
                sum(when(sample.and(col("__t")), 1.0).otherwise(0.0)).as("rows_t"),
                sum(when(sample.and(not(col("__t"))), 1.0).otherwise(0.0)).as("rows_c"))
            .collectAsList();
    // per replicate and bin: weighted treated, control, treated events, control events; then, of
    // the sample only, the sum of predicted effects and the treated and control rows
    double[][][] cells = new double[REPLICATES + 1][BINS][7];
    for (Row r : agg) {
      int b = r.getInt(0);
      int k = r.getInt(1);
      for (int j = 0; j < 7; j++) {
        cells[b][k][j] = r.getDouble(2 + j);
      }
    }
    double[] auucs = new double[REPLICATES];
    double[] qinis = new double[REPLICATES];
    Curves sampled = curves(cells[0]);
    for (int b = 1; b <= REPLICATES; b++) {
      Curves c = curves(cells[b]);
      auucs[b - 1] = c.auuc;
      qinis[b - 1] = c.qini;
    }
    Arrays.sort(auucs);
    Arrays.sort(qinis);
    List<Decile> deciles = new ArrayList<>();
    long rowCount = 0;
    for (int d = 0; d < 10; d++) {
      double nt = 0;
      double nc = 0;
      double yt = 0;
      double yc = 0;
      double tauSum = 0;
      long rowsT = 0;
      long rowsC = 0;
      for (int k = d * BINS / 10; k < (d + 1) * BINS / 10; k++) {
        nt += cells[0][k][0];
        nc += cells[0][k][1];
        yt += cells[0][k][2];
        yc += cells[0][k][3];
        tauSum += cells[0][k][4];
        rowsT += Math.round(cells[0][k][5]);
        rowsC += Math.round(cells[0][k][6]);
      }
      rowCount += rowsT + rowsC;
      deciles.add(
          new Decile(
              d + 1,
              rowsT,
              rowsC,
              rowsT + rowsC == 0 ? Double.NaN : tauSum / (rowsT + rowsC),
              nt == 0 || nc == 0 ? null : yt / nt - yc / nc));
    }
    return new Contrast(
        name,
        rowCount,
        sampled.auuc,
        percentile(auucs, 0.025),
        percentile(auucs, 0.975),
        sampled.auucRandom,
        sampled.qini,
        percentile(qinis, 0.025),
        percentile(qinis, 0.975),
        sampled.effect,
        rowCount == 0 ? Double.NaN : sampled.tauSum / rowCount,
        sampled.uplift,
        sampled.qiniCurve,
        deciles,
        weighted,
        trimmed);
  }

  private record Curves(
      double n,
      double auuc,
      double auucRandom,
      double qini,
      double effect,
      double tauSum,
      List<Point> uplift,
      List<Point> qiniCurve) {}

  /** Cumulative curves over the bins, highest predicted effect first. */
  private static Curves curves(double[][] bins) {
    double total = 0;
    double tauSum = 0;
    for (double[] c : bins) {
      total += c[0] + c[1];
      tauSum += c[4];
    }
    double nt = 0;
    double nc = 0;
    double yt = 0;
    double yc = 0;
    double last = 0;
    double lastQ = 0;
    double[] u = new double[BINS];
    double[] q = new double[BINS];
    List<Point> uplift = new ArrayList<>();
    List<Point> qini = new ArrayList<>();
    uplift.add(new Point(0, 0));
    qini.add(new Point(0, 0));
    double seen = 0;
    for (int k = 0; k < BINS; k++) {
      nt += bins[k][0];
      nc += bins[k][1];
      yt += bins[k][2];
      yc += bins[k][3];
      seen += bins[k][0] + bins[k][1];
      if (nt > 0 && nc > 0) {
        last = (yt / nt - yc / nc) * (nt + nc);
        lastQ = yt - yc * nt / nc;
      }
      u[k] = total == 0 ? 0 : last / total;
      q[k] = total == 0 ? 0 : lastQ / total;
      uplift.add(new Point(total == 0 ? 0 : seen / total, u[k]));
      qini.add(new Point(total == 0 ? 0 : seen / total, q[k]));
    }
    double auuc = 0;
    double qiniArea = 0;
    for (int k = 0; k < BINS; k++) {
      auuc += u[k] / BINS;
      qiniArea += (q[k] - q[BINS - 1] * (k + 1) / BINS) / BINS;
    }
    double random = u[BINS - 1] * (BINS + 1) / (2.0 * BINS);
    return new Curves(total, auuc, random, qiniArea, u[BINS - 1], tauSum, uplift, qini);
  }

  /** The area under a ranking's gain curve and a random ranking's, per account. */
  public record Gain(long rows, double area, double random) {
    /** The area above random. */
    public double aboveRandom() {
      return area - random;
    }
  }

  /**
   * The gain of ranking rows by {@code score} (highest first) when each row's known effect is
   * {@code effect}: the cumulative effect of the top share of rows, averaged over the curve's
   * points and divided by the rows (the AUUC when the effects are true ones, as on a simulated
   * book), against a random ranking's. Binned like the uplift curve; only sums reach the driver.
   */
  public static Gain gain(Dataset<Row> rows, String score, String effect) {
    double[] probabilities = new double[BINS - 1];
    for (int k = 1; k < BINS; k++) {
      probabilities[k - 1] = (double) k / BINS;
    }
    double[] cuts = rows.stat().approxQuantile(score, probabilities, 0.001);
    Column bin = lit(0);
    for (double cut : cuts) {
      bin = bin.plus(when(col(score).lt(cut), 1).otherwise(0));
    }
    double[] sums = new double[BINS];
    long n = 0;
    for (Row r :
        rows.withColumn("__bin", bin)
            .groupBy("__bin")
            .agg(count(lit(1)), sum(col(effect).cast("double")))
            .collectAsList()) {
      sums[r.getInt(0)] = r.isNullAt(2) ? 0 : r.getDouble(2);
      n += r.getLong(1);
    }
    double cumulative = 0;
    double area = 0;
    for (int k = 0; k < BINS; k++) {
      cumulative += sums[k];
      area += n == 0 ? 0 : cumulative / n / BINS;
    }
    double random = n == 0 ? 0 : cumulative / n * (BINS + 1) / (2.0 * BINS);
    return new Gain(n, area, random);
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))));
    return sorted[i];
  }

  /**
   * The weight of a row in bootstrap replicate {@code replicate}: a Poisson(1) draw by its inverse
   * distribution function from a hash of the row's account, date, replicate and seed (replicate 0
   * is the sample itself, weight 1), so that every replicate of a sum is one aggregation.
   */
  static Column poissonWeight(Column replicate, long seed) {
    Column u =
        pmod(xxhash64(col("account_id"), col("as_of_date"), replicate, lit(seed)), lit(1_000_003L))
            .divide(1_000_003.0);
    return when(replicate.equalTo(0), lit(1.0))
        .when(u.lt(0.36788), lit(0.0))
        .when(u.lt(0.73576), lit(1.0))
        .when(u.lt(0.91970), lit(2.0))
        .when(u.lt(0.98101), lit(3.0))
        .when(u.lt(0.99634), lit(4.0))
        .when(u.lt(0.99941), lit(5.0))
        .otherwise(lit(6.0));
  }
}
