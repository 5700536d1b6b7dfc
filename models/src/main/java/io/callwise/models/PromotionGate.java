package io.callwise.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a candidate may replace the champion of its label: out-of-time AUC and Gini at least the
 * label's floor (a first champion too), out-of-time AUC not worse than the champion's by more than
 * a tolerance (on the candidate's out-of-time window when the champion was scored there at
 * training, else on the champion's own), calibration within tolerance (decile calibration error and
 * mean PD ÷ event rate), and a stable score between training and out-of-time windows (PSI).
 */
public final class PromotionGate {

  private PromotionGate() {}

  /** The least discrimination a champion must have, whatever it replaces. */
  public record Floor(double minAuc, double minGini) {
    public static final Floor NONE = new Floor(0.0, -1.0);
  }

  /**
   * Configured tolerances ({@code callwise.models.promotion}).
   *
   * @param floor the default floor of out-of-time AUC and Gini
   * @param labelFloors floors of labels that have their own
   */
  public record Thresholds(
      double maxAucDrop,
      double maxCalibrationError,
      double maxCalibrationRatioGap,
      double maxScorePsi,
      Floor floor,
      Map<String, Floor> labelFloors) {

    public Thresholds {
      labelFloors = Map.copyOf(labelFloors);
    }

    /** Tolerances with no floor. */
    public Thresholds(
        double maxAucDrop,
        double maxCalibrationError,
        double maxCalibrationRatioGap,
        double maxScorePsi) {
      this(
          maxAucDrop,
          maxCalibrationError,
          maxCalibrationRatioGap,
          maxScorePsi,
          Floor.NONE,
          Map.of());
    }

    public Floor floorFor(String label) {
      return labelFloors.getOrDefault(label, floor);
    }
  }

  public record Check(String name, boolean passed, String detail) {}

  public record Result(boolean passed, List<Check> checks) {

    public String render() {
      StringBuilder b = new StringBuilder();
      for (Check c : checks) {
        b.append(
            String.format(
                Locale.ROOT,
                "  %-4s %-18s %s%n",
                c.passed() ? "ok" : "FAIL",
                c.name(),
                c.detail()));
      }
      return b.toString();
    }

    public List<String> failed() {
      return checks.stream().filter(c -> !c.passed()).map(Check::name).toList();
    }
  }

  /** As {@link #evaluate(String, Map, Map, Thresholds)} with the default floor. */
  public static Result evaluate(
      Map<String, Double> candidate, Map<String, Double> champion, Thresholds t) {
    return evaluate(null, candidate, champion, t);
  }

  /**
   * Every check of a candidate of {@code label}: the floor of discrimination (out-of-time AUC and
   * Gini), the AUC against the champion, calibration and stability.
   */
  public static Result evaluate(
      String label, Map<String, Double> candidate, Map<String, Double> champion, Thresholds t) {
    List<Check> checks = new ArrayList<>();
    Double auc = candidate.get(Metrics.OOT_AUC);
    Floor floor = label == null ? t.floor() : t.floorFor(label);
    checks.add(
        new Check(
            "min_auc",
            auc != null && auc >= floor.minAuc(),
            "out-of-time AUC " + f(auc) + ", at least " + f(floor.minAuc())));
    Double gini = candidate.get(Metrics.OOT_GINI);
    if (gini == null && auc != null) {
      gini = 2 * auc - 1;
    }
    checks.add(
        new Check(
            "min_gini",
            gini != null && gini >= floor.minGini(),
            "out-of-time Gini " + f(gini) + ", at least " + f(floor.minGini())));
    if (champion == null) {
      checks.add(
          new Check("auc_vs_champion", auc != null, "no champion yet; candidate AUC " + f(auc)));
    } else {
      Double sameWindow = candidate.get(Metrics.CHAMPION_OOT_AUC);
      Double reference = sameWindow != null ? sameWindow : champion.get(Metrics.OOT_AUC);
      boolean ok = auc != null && reference != null && auc >= reference - t.maxAucDrop();
      checks.add(
          new Check(
              "auc_vs_champion",
              ok,
              String.format(
                  Locale.ROOT,
                  "candidate %s vs champion %s (%s), allowed drop %.4f",
                  f(auc),
                  f(reference),
                  sameWindow != null ? "same out-of-time rows" : "champion's own window",
                  t.maxAucDrop())));
    }
    Double ece = candidate.get(Metrics.OOT_ECE);
    checks.add(
        new Check(
            "calibration_error",
            ece != null && ece <= t.maxCalibrationError(),
            "decile calibration error " + f(ece) + ", at most " + t.maxCalibrationError()));
    Double ratio = candidate.get(Metrics.OOT_CALIBRATION_RATIO);
    checks.add(
        new Check(
            "calibration_ratio",
            ratio != null && Math.abs(ratio - 1) <= t.maxCalibrationRatioGap(),
            "mean PD / event rate " + f(ratio) + ", allowed 1 ± " + t.maxCalibrationRatioGap()));
    Double psi = candidate.get(Metrics.SCORE_PSI);
    checks.add(
        new Check(
            "score_psi",
            psi != null && psi < t.maxScorePsi(),
            "PSI training → out-of-time " + f(psi) + ", below " + t.maxScorePsi()));
    return new Result(checks.stream().allMatch(Check::passed), List.copyOf(checks));
  }

  /**
   * Every check of a treatment-effect candidate: it ranks the effect of a call over a message
   * better than random out of time (the whole 95 % interval of its Qini above 0: a point estimate
   * above 0 with an interval holding 0 is no evidence of a ranking), no worse than the champion's
   * interval allows, and each arm's probabilities are calibrated where the arm was observed.
   */
  public static Result evaluateUplift(
      Map<String, Double> candidate, Map<String, Double> champion, Thresholds t) {
    List<Check> checks = new ArrayList<>();
    String c = Metrics.CALL_VS_MESSAGE;
    Double qini = candidate.get(Metrics.qini(c));
    Double qiniLow = candidate.get(Metrics.qiniLow(c));
    checks.add(
        new Check(
            "qini_above_random",
            qini != null && qiniLow != null && qiniLow > 0,
            String.format(
                Locale.ROOT,
                "out-of-time Qini (call over message) %s, interval %s .. %s, wholly above 0",
                f(qini),
                f(qiniLow),
                f(candidate.get(Metrics.qiniHigh(c))))));
    if (champion == null) {
      checks.add(new Check("qini_vs_champion", qini != null, "no champion yet"));
    } else {
      Double low = champion.get(Metrics.qiniLow(c));
      checks.add(
          new Check(
              "qini_vs_champion",
              qini != null && low != null && qini >= low,
              "candidate " + f(qini) + ", at least the champion's lower bound " + f(low)));
    }
    for (String arm : List.of("CALL", "MESSAGE", "NONE")) {
      Double ratio = candidate.get(Metrics.armCalibrationRatio(arm));
      checks.add(
          new Check(
              "calibration_" + arm.toLowerCase(Locale.ROOT),
              ratio != null && Math.abs(ratio - 1) <= t.maxCalibrationRatioGap(),
              "mean p_"
                  + arm.toLowerCase(Locale.ROOT)
                  + " / rate where received "
                  + f(ratio)
                  + ", allowed 1 ± "
                  + t.maxCalibrationRatioGap()));
    }
    return new Result(checks.stream().allMatch(Check::passed), List.copyOf(checks));
  }

  private static String f(Double v) {
    return v == null ? "missing" : String.format(Locale.ROOT, "%.4f", v);
  }
}
