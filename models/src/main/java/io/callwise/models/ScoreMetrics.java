package io.callwise.models;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Credit-risk metrics of a score against a 0/1 outcome, computed by Spark aggregations: rows are
 * first grouped by distinct score (and segment), so only those groups are ordered, and only
 * aggregates (a summary, ten deciles, a few hundred curve points) reach the driver.
 *
 * <p>Conventions: a higher score means higher risk; AUC counts tied scores as half; decile 1 holds
 * the highest scores, and rows with one score are never split across deciles (a tie group belongs
 * to the decile its first row falls in).
 */
public final class ScoreMetrics {

  private ScoreMetrics() {}

  /** Scores are clipped to [EPS, 1 - EPS] for the log loss. */
  static final double EPS = 1e-15;

  /** Shares below this count as this in the PSI, so an empty bin does not make it infinite. */
  static final double PSI_FLOOR = 1e-4;

  public record Summary(
      long rows,
      long events,
      double eventRate,
      double meanScore,
      Double auc,
      Double ks,
      double brier,
      double logLoss) {

    public Double gini() {
      return auc == null ? null : 2 * auc - 1;
    }
  }

  public record Decile(
      int decile,
      long rows,
      long events,
      double minScore,
      double maxScore,
      double meanScore,
      double eventRate,
      double lift,
      double cumulativeCapture) {}

  /** A point of the ROC curve at a score threshold; share = rows scoring at least the threshold. */
  public record CurvePoint(double threshold, double share, double fpr, double tpr) {}

  public record SegmentAuc(String segment, String value, long rows, long events, Double auc) {}

  public record PsiBin(
      int bin, double lowerBound, double expectedShare, double actualShare, double contribution) {}

  private static final String SEGMENT = "__segment";
  private static final String POS = "__pos";
  private static final String NEG = "__neg";

  /** Positives and negatives per (segment, distinct score), with running totals from the top. */
  private static Dataset<Row> ranked(Dataset<Row> scored, String score, String label, Column seg) {
    Dataset<Row> groups =
        scored
            .select(seg.as(SEGMENT), col(score).cast("double").as(score), col(label))
            .groupBy(SEGMENT, score)
            .agg(
                sum(when(col(label).equalTo(1), 1L).otherwise(0L)).as(POS),
                sum(when(col(label).equalTo(1), 0L).otherwise(1L)).as(NEG));
    WindowSpec running =
        Window.partitionBy(SEGMENT)
            .orderBy(col(score).desc())
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec whole = Window.partitionBy(SEGMENT);
    return groups
        .withColumn("cum_pos", sum(POS).over(running))
        .withColumn("cum_neg", sum(NEG).over(running))
        .withColumn("total_pos", sum(POS).over(whole))
        .withColumn("total_neg", sum(NEG).over(whole));
  }

  private static Column aucTerm() {
    // negatives at this score times positives ranked above them (ties count half)
    return col(NEG).multiply(col("cum_pos").minus(col(POS)).plus(col(POS).multiply(0.5)));
  }

  private static Column tpr() {
    return try_divide(col("cum_pos"), col("total_pos"));
  }

  private static Column fpr() {
    return try_divide(col("cum_neg"), col("total_neg"));
  }

  public static Summary summary(Dataset<Row> scored, String score, String label) {
    Row a =
        scored
            .agg(
                count(lit(1)),
                sum(when(col(label).equalTo(1), 1L).otherwise(0L)),
                avg(col(score)),
                avg(pow(col(score).minus(col(label)), 2)),
                avg(
                    when(
                            col(label).equalTo(1),
                            log(greatest(lit(EPS), least(lit(1 - EPS), col(score)))))
                        .otherwise(
                            log(greatest(lit(EPS), least(lit(1 - EPS), lit(1).minus(col(score))))))
                        .multiply(-1)))
            .first();
    long rows = a.getLong(0);
    if (rows == 0) {
      throw new IllegalArgumentException("no rows to evaluate");
    }
    long events = a.getLong(1);
    Row r =
        ranked(scored, score, label, lit("all"))
            .agg(
                try_divide(sum(aucTerm()), max(col("total_pos").multiply(col("total_neg")))),
                max(abs(tpr().minus(fpr()))))
            .first();
    boolean bothClasses = events > 0 && events < rows;
    return new Summary(
        rows,
        events,
        (double) events / rows,
        a.getDouble(2),
        bothClasses ? r.getDouble(0) : null,
        bothClasses ? r.getDouble(1) : null,
        a.getDouble(3),
        a.getDouble(4));
  }

  /** Ten deciles of the score, highest first, with event rate, lift and cumulative capture. */
  public static List<Decile> deciles(Dataset<Row> scored, String score, String label) {
    Column n = col(POS).plus(col(NEG));
    Column total = col("total_pos").plus(col("total_neg"));
    Column above = col("cum_pos").plus(col("cum_neg")).minus(n);
    List<Row> rows =
        ranked(scored, score, label, lit("all"))
            .withColumn("decile", least(lit(10L), floor(above.multiply(10).divide(total)).plus(1)))
            .groupBy("decile")
            .agg(
                sum(n).as("rows"),
                sum(POS).as("events"),
                min(score),
                max(score),
                sum(col(score).multiply(n)).as("score_sum"))
            .orderBy("decile")
            .collectAsList();
    long totalRows = rows.stream().mapToLong(r -> r.getLong(1)).sum();
    long totalEvents = rows.stream().mapToLong(r -> r.getLong(2)).sum();
    double rate = totalRows == 0 ? 0 : (double) totalEvents / totalRows;
    List<Decile> out = new ArrayList<>();
    long captured = 0;
    for (Row r : rows) {
      long count = r.getLong(1);
      long events = r.getLong(2);
      captured += events;
      double eventRate = (double) events / count;
      out.add(
          new Decile(
              (int) r.getLong(0),
              count,
              events,
              r.getDouble(3),
              r.getDouble(4),
              r.getDouble(5) / count,
              eventRate,
              rate == 0 ? 0 : eventRate / rate,
              totalEvents == 0 ? 0 : (double) captured / totalEvents));
    }
    return out;
  }

  /**
   * Expected calibration error: the row-weighted mean of |mean score - event rate| over the
   * deciles.
   */
  public static double calibrationError(List<Decile> deciles) {
    long rows = deciles.stream().mapToLong(Decile::rows).sum();
    double e = 0;
    for (Decile d : deciles) {
      e += (double) d.rows() / rows * Math.abs(d.meanScore() - d.eventRate());
    }
    return e;
  }

  /**
   * The ROC curve thinned to at most about {@code 2 * resolution} points (the first point of each
   * cell of a resolution x resolution grid), from (0, 0) to (1, 1).
   */
  public static List<CurvePoint> roc(
      Dataset<Row> scored, String score, String label, int resolution) {
    Column n = col(POS).plus(col(NEG));
    Column total = col("total_pos").plus(col("total_neg"));
    List<Row> rows =
        ranked(scored, score, label, lit("all"))
            .withColumn("share", col("cum_pos").plus(col("cum_neg")).divide(total))
            .withColumn("fpr", fpr())
            .withColumn("tpr", tpr())
            .groupBy(floor(col("fpr").multiply(resolution)), floor(col("tpr").multiply(resolution)))
            .agg(min(score).as("t"), max("share"), max("fpr"), max("tpr"))
            .select("t", "max(share)", "max(fpr)", "max(tpr)")
            .collectAsList();
    List<CurvePoint> points = new ArrayList<>();
    points.add(new CurvePoint(Double.POSITIVE_INFINITY, 0, 0, 0));
    rows.stream()
        .map(r -> new CurvePoint(r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3)))
        .sorted(Comparator.comparingDouble(CurvePoint::threshold).reversed())
        .forEach(points::add);
    return points;
  }

  /** AUC per value of {@code segmentColumn}; null where a segment lacks events or non-events. */
  public static List<SegmentAuc> segmentAuc(
      Dataset<Row> scored, String score, String label, String segmentColumn) {
    List<SegmentAuc> out = new ArrayList<>();
    for (Row r :
        ranked(scored, score, label, col(segmentColumn).cast("string"))
            .groupBy(SEGMENT)
            .agg(
                sum(col(POS).plus(col(NEG))),
                sum(POS),
                try_divide(sum(aucTerm()), max(col("total_pos").multiply(col("total_neg")))))
            .orderBy(SEGMENT)
            .collectAsList()) {
      long rows = r.getLong(1);
      long events = r.getLong(2);
      out.add(
          new SegmentAuc(
              segmentColumn,
              r.isNullAt(0) ? "(missing)" : r.getString(0),
              rows,
              events,
              events > 0 && events < rows ? r.getDouble(3) : null));
    }
    return out;
  }

  /**
   * Population stability of the score from {@code expected} (the training window) to {@code
   * actual}: bins are the expected deciles; a score falls in the highest decile whose lowest
   * expected score it reaches. PSI = sum over bins of (actual - expected) * ln(actual / expected).
   */
  public static List<PsiBin> psi(
      Dataset<Row> expected, Dataset<Row> actual, String score, List<Decile> expectedDeciles) {
    double[] bounds = expectedDeciles.stream().mapToDouble(Decile::minScore).toArray();
    double[] e = binShares(expected, score, bounds);
    double[] a = binShares(actual, score, bounds);
    List<PsiBin> out = new ArrayList<>();
    for (int b = 0; b < bounds.length; b++) {
      double es = Math.max(e[b], PSI_FLOOR);
      double as = Math.max(a[b], PSI_FLOOR);
      out.add(new PsiBin(b + 1, bounds[b], e[b], a[b], (as - es) * Math.log(as / es)));
    }
    return out;
  }

  public static double psiTotal(List<PsiBin> bins) {
    return bins.stream().mapToDouble(PsiBin::contribution).sum();
  }

  private static double[] binShares(Dataset<Row> rows, String score, double[] bounds) {
    Column bin = lit(bounds.length - 1);
    for (int b = bounds.length - 2; b >= 0; b--) {
      bin = when(col(score).geq(bounds[b]), b).otherwise(bin);
    }
    double[] shares = new double[bounds.length];
    long total = 0;
    List<Row> counts = rows.groupBy(bin.as("bin")).count().collectAsList();
    for (Row r : counts) {
      total += r.getLong(1);
    }
    for (Row r : counts) {
      shares[r.getInt(0)] = total == 0 ? 0 : (double) r.getLong(1) / total;
    }
    return shares;
  }
}
