package io.callwise.models;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log10;
import static org.apache.spark.sql.functions.posexplode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Everything the model report and the registry say about a model, computed on Spark from scored
 * rows ({@code pd_raw}, {@code pd} and the outcome): the calibrated score on the training,
 * validation and out-of-time rows, the raw score out of time (calibration before and after),
 * deciles, ROC, PSI, AUC per segment, score distribution by outcome, feature importance as mean
 * absolute contribution, and — on a synthetic book — the AUC of the ground-truth risk on the same
 * out-of-time rows.
 */
public final class ModelEvaluation {

  private ModelEvaluation() {}

  /** Shares of events and of non-events per bin of log10(pd), from -4 (and below) to 0. */
  public record Histogram(double[] lowerLog10, double[] eventShare, double[] nonEventShare) {}

  public record Importance(String feature, double meanAbsContribution) {}

  public record Evaluation(
      ScoreMetrics.Summary train,
      ScoreMetrics.Summary validation,
      ScoreMetrics.Summary outOfTime,
      ScoreMetrics.Summary outOfTimeRaw,
      List<ScoreMetrics.Decile> deciles,
      List<ScoreMetrics.Decile> decilesRaw,
      List<ScoreMetrics.CurvePoint> roc,
      List<ScoreMetrics.PsiBin> psi,
      List<ScoreMetrics.SegmentAuc> segments,
      Histogram histogram,
      List<Importance> importance,
      ScoreMetrics.Summary truth,
      Double modelAucOnTruthRows,
      Double championOutOfTimeAuc) {

    public double scorePsi() {
      return ScoreMetrics.psiTotal(psi);
    }

    /** The flat metrics stored in the registry. */
    public Map<String, Double> metrics() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put(Metrics.TRAIN_AUC, train.auc());
      m.put(Metrics.VALIDATION_AUC, validation.auc());
      m.put(Metrics.OOT_ROWS, (double) outOfTime.rows());
      m.put(Metrics.OOT_EVENT_RATE, outOfTime.eventRate());
      m.put(Metrics.OOT_AUC, outOfTime.auc());
      m.put(Metrics.OOT_GINI, outOfTime.gini());
      m.put(Metrics.OOT_KS, outOfTime.ks());
      m.put(Metrics.OOT_BRIER, outOfTime.brier());
      m.put(Metrics.OOT_LOG_LOSS, outOfTime.logLoss());
      m.put(Metrics.OOT_ECE, ScoreMetrics.calibrationError(deciles));
      m.put(Metrics.OOT_MEAN_PD, outOfTime.meanScore());
      m.put(
          Metrics.OOT_CALIBRATION_RATIO,
          outOfTime.eventRate() == 0 ? null : outOfTime.meanScore() / outOfTime.eventRate());
      m.put(Metrics.OOT_AUC_RAW, outOfTimeRaw.auc());
      m.put(Metrics.OOT_BRIER_RAW, outOfTimeRaw.brier());
      m.put(Metrics.OOT_LOG_LOSS_RAW, outOfTimeRaw.logLoss());
      m.put(Metrics.OOT_ECE_RAW, ScoreMetrics.calibrationError(decilesRaw));
      m.put(Metrics.SCORE_PSI, scorePsi());
      if (truth != null && truth.auc() != null) {
        m.put(Metrics.TRUTH_AUC, truth.auc());
        m.put(
            Metrics.AUC_TRUTH_RATIO,
            modelAucOnTruthRows == null ? null : modelAucOnTruthRows / truth.auc());
      }
      if (championOutOfTimeAuc != null) {
        m.put(Metrics.CHAMPION_OOT_AUC, championOutOfTimeAuc);
      }
      m.values().removeIf(v -> v == null || v.isNaN());
      return m;
    }
  }

  /**
   * @param train scored training rows
   * @param validation scored validation rows
   * @param outOfTime scored out-of-time rows
   * @param label 0/1 outcome column
   * @param segments columns to report AUC by (e.g. product, dpd_bucket)
   * @param explained out-of-time rows with {@code contributions} (a sample is enough)
   * @param features the model's input features, in contribution order
   * @param withTruth out-of-time rows with a {@code truth_score} column, or null
   * @param championOutOfTimeAuc the champion's AUC on the same out-of-time rows, or null
   */
  public static Evaluation evaluate(
      Dataset<Row> train,
      Dataset<Row> validation,
      Dataset<Row> outOfTime,
      String label,
      List<String> segments,
      Dataset<Row> explained,
      List<String> features,
      Dataset<Row> withTruth,
      Double championOutOfTimeAuc) {
    String pd = DelinquencyModel.PD;
    String raw = DelinquencyModel.PD_RAW;
    List<ScoreMetrics.Decile> trainDeciles = ScoreMetrics.deciles(train, pd, label);
    List<ScoreMetrics.SegmentAuc> segmentAuc = new ArrayList<>();
    for (String s : segments) {
      segmentAuc.addAll(ScoreMetrics.segmentAuc(outOfTime, pd, label, s));
    }
    ScoreMetrics.Summary truth = null;
    Double modelOnTruthRows = null;
    if (withTruth != null) {
      truth = ScoreMetrics.summary(withTruth, "truth_score", label);
      modelOnTruthRows = ScoreMetrics.summary(withTruth, pd, label).auc();
    }
    return new Evaluation(
        ScoreMetrics.summary(train, pd, label),
        ScoreMetrics.summary(validation, pd, label),
        ScoreMetrics.summary(outOfTime, pd, label),
        ScoreMetrics.summary(outOfTime, raw, label),
        ScoreMetrics.deciles(outOfTime, pd, label),
        ScoreMetrics.deciles(outOfTime, raw, label),
        ScoreMetrics.roc(outOfTime, pd, label, 100),
        ScoreMetrics.psi(train, outOfTime, pd, trainDeciles),
        segmentAuc,
        histogram(outOfTime, pd, label),
        importance(explained, features),
        truth,
        modelOnTruthRows,
        championOutOfTimeAuc);
  }

  static final int BINS = 20;

  static Histogram histogram(Dataset<Row> scored, String score, String label) {
    double[] lower = new double[BINS];
    for (int i = 0; i < BINS; i++) {
      lower[i] = -4 + 4.0 * i / BINS;
    }
    double[] events = new double[BINS];
    double[] nonEvents = new double[BINS];
    List<Row> rows =
        scored
            .groupBy(
                least(
                        lit(BINS - 1),
                        greatest(
                            lit(0),
                            floor(
                                    log10(greatest(col(score), lit(1e-4)))
                                        .plus(4)
                                        .multiply(BINS / 4.0))
                                .cast("int")))
                    .as("bin"),
                col(label).as("y"))
            .count()
            .collectAsList();
    double e = 0;
    double n = 0;
    for (Row r : rows) {
      if (r.getInt(1) == 1) {
        events[r.getInt(0)] += r.getLong(2);
        e += r.getLong(2);
      } else {
        nonEvents[r.getInt(0)] += r.getLong(2);
        n += r.getLong(2);
      }
    }
    for (int i = 0; i < BINS; i++) {
      events[i] = e == 0 ? 0 : events[i] / e;
      nonEvents[i] = n == 0 ? 0 : nonEvents[i] / n;
    }
    return new Histogram(lower, events, nonEvents);
  }

  static List<Importance> importance(Dataset<Row> explained, List<String> features) {
    List<Importance> out = new ArrayList<>();
    for (Row r :
        explained
            .select(posexplode(col(DelinquencyModel.CONTRIBUTIONS)).as(new String[] {"i", "c"}))
            .groupBy("i")
            .agg(avg(abs(col("c"))))
            .collectAsList()) {
      out.add(new Importance(features.get(r.getInt(0)), r.getDouble(1)));
    }
    out.sort(Comparator.comparingDouble(Importance::meanAbsContribution).reversed());
    return out;
  }
}
