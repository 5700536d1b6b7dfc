package io.callwise.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callwise.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * Every metric on Spark against a plain Java computation over the same rows: pairwise AUC,
 * threshold-by-threshold KS, deciles by sorting, PSI by counting.
 */
class ScoreMetricsTest {

  static SparkSession spark;

  static final StructType SCHEMA =
      new StructType()
          .add("score", DataTypes.DoubleType, false)
          .add("label_value", DataTypes.IntegerType, false)
          .add("segment", DataTypes.StringType, false);

  record Obs(double score, int label, String segment) {}

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
  }

  /** Scores on a coarse grid (many ties), events more likely at high scores, three segments. */
  static List<Obs> fixture(long seed, int n, double shift) {
    Random r = new Random(seed);
    List<Obs> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double s = Math.min(0.99, Math.max(0.01, Math.round((r.nextDouble() + shift) * 40) / 40.0));
      int y = r.nextDouble() < 0.1 + 0.6 * s ? 1 : 0;
      out.add(new Obs(s, y, "s" + r.nextInt(3)));
    }
    return out;
  }

  static Dataset<Row> frame(List<Obs> obs) {
    return spark.createDataFrame(
        obs.stream().map(o -> RowFactory.create(o.score, o.label, o.segment)).toList(), SCHEMA);
  }

  // ------------------------------------------------------------------ plain computations

  static double pairwiseAuc(List<Obs> obs) {
    double num = 0;
    long pairs = 0;
    for (Obs p : obs) {
      if (p.label != 1) {
        continue;
      }
      for (Obs q : obs) {
        if (q.label != 0) {
          continue;
        }
        pairs++;
        num += p.score > q.score ? 1 : p.score == q.score ? 0.5 : 0;
      }
    }
    return num / pairs;
  }

  static double ks(List<Obs> obs) {
    long p = obs.stream().filter(o -> o.label == 1).count();
    long n = obs.size() - p;
    double best = 0;
    for (double t : obs.stream().mapToDouble(Obs::score).distinct().toArray()) {
      long tp = obs.stream().filter(o -> o.label == 1 && o.score >= t).count();
      long fp = obs.stream().filter(o -> o.label == 0 && o.score >= t).count();
      best = Math.max(best, Math.abs((double) tp / p - (double) fp / n));
    }
    return best;
  }

  /** Decile of each row: position of the first row of its score in the descending order. */
  static int[] plainDeciles(List<Obs> sorted) {
    int[] d = new int[sorted.size()];
    int first = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (i == 0 || sorted.get(i).score != sorted.get(i - 1).score) {
        first = i;
      }
      d[i] = Math.min(10, first * 10 / sorted.size() + 1);
    }
    return d;
  }

  static List<Obs> descending(List<Obs> obs) {
    List<Obs> s = new ArrayList<>(obs);
    s.sort(Comparator.comparingDouble(Obs::score).reversed());
    return s;
  }

  // ------------------------------------------------------------------ tests

  @Test
  void summaryMatchesPlainComputation() {
    List<Obs> obs = fixture(1, 600, 0);
    ScoreMetrics.Summary s = ScoreMetrics.summary(frame(obs), "score", "label_value");
    long events = obs.stream().filter(o -> o.label == 1).count();
    double brier =
        obs.stream().mapToDouble(o -> Math.pow(o.score - o.label, 2)).average().orElse(0);
    double logLoss =
        obs.stream()
            .mapToDouble(o -> -(o.label == 1 ? Math.log(o.score) : Math.log(1 - o.score)))
            .average()
            .orElse(0);
    double auc = pairwiseAuc(obs);
    assertThat(s.rows()).isEqualTo(600);
    assertThat(s.events()).isEqualTo(events);
    assertThat(s.auc()).isCloseTo(auc, within(1e-12));
    assertThat(s.gini()).isCloseTo(2 * auc - 1, within(1e-12));
    assertThat(s.ks()).isCloseTo(ks(obs), within(1e-12));
    assertThat(s.brier()).isCloseTo(brier, within(1e-12));
    assertThat(s.logLoss()).isCloseTo(logLoss, within(1e-12));
    assertThat(s.auc()).isGreaterThan(0.6);
  }

  @Test
  void oneClassHasNoAucOrKs() {
    List<Obs> obs = fixture(2, 50, 0).stream().map(o -> new Obs(o.score, 0, o.segment)).toList();
    ScoreMetrics.Summary s = ScoreMetrics.summary(frame(obs), "score", "label_value");
    assertThat(s.auc()).isNull();
    assertThat(s.ks()).isNull();
  }

  @Test
  void decilesLiftCaptureAndCalibrationMatchSorting() {
    List<Obs> obs = fixture(3, 700, 0);
    List<ScoreMetrics.Decile> deciles = ScoreMetrics.deciles(frame(obs), "score", "label_value");
    List<Obs> sorted = descending(obs);
    int[] d = plainDeciles(sorted);
    long totalEvents = obs.stream().filter(o -> o.label == 1).count();
    double rate = (double) totalEvents / obs.size();
    long captured = 0;
    double ece = 0;
    int seen = 0;
    for (int k = 1; k <= 10; k++) {
      List<Obs> in = new ArrayList<>();
      for (int i = 0; i < sorted.size(); i++) {
        if (d[i] == k) {
          in.add(sorted.get(i));
        }
      }
      if (in.isEmpty()) {
        continue;
      }
      ScoreMetrics.Decile got = deciles.get(seen++);
      long events = in.stream().filter(o -> o.label == 1).count();
      captured += events;
      double mean = in.stream().mapToDouble(Obs::score).average().orElse(0);
      double eventRate = (double) events / in.size();
      ece += (double) in.size() / obs.size() * Math.abs(mean - eventRate);
      assertThat(got.decile()).isEqualTo(k);
      assertThat(got.rows()).isEqualTo(in.size());
      assertThat(got.events()).isEqualTo(events);
      assertThat(got.meanScore()).isCloseTo(mean, within(1e-12));
      assertThat(got.minScore()).isEqualTo(in.get(in.size() - 1).score);
      assertThat(got.lift()).isCloseTo(eventRate / rate, within(1e-12));
      assertThat(got.cumulativeCapture()).isCloseTo((double) captured / totalEvents, within(1e-12));
    }
    assertThat(seen).isEqualTo(deciles.size());
    assertThat(deciles.get(deciles.size() - 1).cumulativeCapture()).isCloseTo(1.0, within(1e-12));
    assertThat(ScoreMetrics.calibrationError(deciles)).isCloseTo(ece, within(1e-12));
  }

  @Test
  void psiMatchesCountingOverExpectedDeciles() {
    List<Obs> train = fixture(4, 800, 0);
    List<Obs> oot = fixture(5, 500, 0.15);
    List<ScoreMetrics.Decile> deciles = ScoreMetrics.deciles(frame(train), "score", "label_value");
    List<ScoreMetrics.PsiBin> bins = ScoreMetrics.psi(frame(train), frame(oot), "score", deciles);
    double[] bounds = deciles.stream().mapToDouble(ScoreMetrics.Decile::minScore).toArray();
    double expectedPsi = 0;
    for (int b = 0; b < bounds.length; b++) {
      double e = share(train, bounds, b);
      double a = share(oot, bounds, b);
      assertThat(bins.get(b).expectedShare()).isCloseTo(e, within(1e-12));
      assertThat(bins.get(b).actualShare()).isCloseTo(a, within(1e-12));
      double es = Math.max(e, ScoreMetrics.PSI_FLOOR);
      double as = Math.max(a, ScoreMetrics.PSI_FLOOR);
      expectedPsi += (as - es) * Math.log(as / es);
    }
    assertThat(ScoreMetrics.psiTotal(bins)).isCloseTo(expectedPsi, within(1e-12));
    assertThat(ScoreMetrics.psiTotal(bins)).isGreaterThan(0.05);
    // the same distribution is stable
    assertThat(
            ScoreMetrics.psiTotal(ScoreMetrics.psi(frame(train), frame(train), "score", deciles)))
        .isCloseTo(0.0, within(1e-12));
  }

  /** The bin of a score: the first bound (highest first) it reaches, else the last bin. */
  static double share(List<Obs> obs, double[] bounds, int bin) {
    long in = 0;
    for (Obs o : obs) {
      int b = bounds.length - 1;
      for (int k = 0; k < bounds.length; k++) {
        if (o.score >= bounds[k]) {
          b = k;
          break;
        }
      }
      if (b == bin) {
        in++;
      }
    }
    return (double) in / obs.size();
  }

  @Test
  void segmentAucMatchesPairwisePerSegment() {
    List<Obs> obs = fixture(6, 600, 0);
    List<ScoreMetrics.SegmentAuc> got =
        ScoreMetrics.segmentAuc(frame(obs), "score", "label_value", "segment");
    assertThat(got).extracting(ScoreMetrics.SegmentAuc::value).containsExactly("s0", "s1", "s2");
    for (ScoreMetrics.SegmentAuc s : got) {
      List<Obs> in = obs.stream().filter(o -> o.segment.equals(s.value())).toList();
      assertThat(s.rows()).isEqualTo(in.size());
      assertThat(s.auc()).isCloseTo(pairwiseAuc(in), within(1e-12));
    }
  }

  @Test
  void rocStartsAtOriginEndsAtOneAndIsMonotone() {
    List<Obs> obs = fixture(7, 500, 0);
    List<ScoreMetrics.CurvePoint> roc = ScoreMetrics.roc(frame(obs), "score", "label_value", 50);
    assertThat(roc.get(0).fpr()).isZero();
    ScoreMetrics.CurvePoint last = roc.get(roc.size() - 1);
    assertThat(last.fpr()).isCloseTo(1.0, within(1e-12));
    assertThat(last.tpr()).isCloseTo(1.0, within(1e-12));
    for (int i = 1; i < roc.size(); i++) {
      assertThat(roc.get(i).fpr()).isGreaterThanOrEqualTo(roc.get(i - 1).fpr());
      assertThat(roc.get(i).tpr()).isGreaterThanOrEqualTo(roc.get(i - 1).tpr());
    }
    // every point is a true (fpr, tpr) of its threshold
    long p = obs.stream().filter(o -> o.label == 1).count();
    for (ScoreMetrics.CurvePoint c : roc.subList(1, roc.size())) {
      long tp = obs.stream().filter(o -> o.label == 1 && o.score >= c.threshold()).count();
      assertThat(c.tpr()).isCloseTo((double) tp / p, within(1e-12));
    }
    assertThat(Arrays.asList(1)).hasSize(1);
  }
}
