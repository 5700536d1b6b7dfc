package io.callwise.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each check of the promotion gate on both sides of its line. */
class PromotionGateTest {

  static final PromotionGate.Thresholds T = new PromotionGate.Thresholds(0.005, 0.02, 0.25, 0.25);

  static Map<String, Double> good() {
    Map<String, Double> m = new HashMap<>();
    m.put(Metrics.OOT_AUC, 0.80);
    m.put(Metrics.OOT_ECE, 0.01);
    m.put(Metrics.OOT_CALIBRATION_RATIO, 1.1);
    m.put(Metrics.SCORE_PSI, 0.05);
    return m;
  }

  static Map<String, Double> with(String k, Double v) {
    Map<String, Double> m = good();
    m.put(k, v);
    return m;
  }

  @Test
  void firstChampionNeedsOnlyCalibrationAndStability() {
    PromotionGate.Result r = PromotionGate.evaluate(good(), null, T);
    assertThat(r.passed()).isTrue();
    assertThat(r.render()).contains("no champion yet");
  }

  @Test
  void aFirstChampionNeedsTheFloorOfDiscriminationPerLabel() {
    PromotionGate.Thresholds floors =
        new PromotionGate.Thresholds(
            0.005,
            0.02,
            0.25,
            0.25,
            new PromotionGate.Floor(0.65, 0.30),
            Map.of("no_self_cure", new PromotionGate.Floor(0.70, 0.40)));
    // 0.53 passes a gate without a floor, as far as discrimination goes
    assertThat(PromotionGate.evaluate(with(Metrics.OOT_AUC, 0.53), null, T).passed()).isTrue();
    PromotionGate.Result weak =
        PromotionGate.evaluate("early_warning", with(Metrics.OOT_AUC, 0.53), null, floors);
    assertThat(weak.failed()).containsExactly("min_auc", "min_gini");
    assertThat(weak.render()).contains("out-of-time AUC 0.5300, at least 0.6500");
    assertThat(weak.render()).contains("out-of-time Gini 0.0600, at least 0.3000");
    Map<String, Double> edge = with(Metrics.OOT_AUC, 0.65);
    edge.put(Metrics.OOT_GINI, 0.30);
    assertThat(PromotionGate.evaluate("early_warning", edge, null, floors).passed()).isTrue();
    Map<String, Double> below = with(Metrics.OOT_AUC, 0.6499);
    below.put(Metrics.OOT_GINI, 0.2998);
    assertThat(PromotionGate.evaluate("early_warning", below, null, floors).failed())
        .containsExactly("min_auc", "min_gini");
    // a label with its own, higher floor
    assertThat(PromotionGate.evaluate("no_self_cure", edge, null, floors).failed())
        .containsExactly("min_auc", "min_gini");
    Map<String, Double> gini = with(Metrics.OOT_AUC, 0.72);
    gini.put(Metrics.OOT_GINI, 0.39);
    assertThat(PromotionGate.evaluate("no_self_cure", gini, null, floors).failed())
        .containsExactly("min_gini");
  }

  @Test
  void aucDropUpToTheToleranceIsAllowed() {
    Map<String, Double> champion = Map.of(Metrics.OOT_AUC, 0.804);
    assertThat(PromotionGate.evaluate(good(), champion, T).passed()).isTrue(); // drop 0.004
    Map<String, Double> better = Map.of(Metrics.OOT_AUC, 0.806);
    PromotionGate.Result r = PromotionGate.evaluate(good(), better, T); // drop 0.006
    assertThat(r.passed()).isFalse();
    assertThat(r.failed()).containsExactly("auc_vs_champion");
  }

  @Test
  void theChampionOnTheSameRowsIsPreferredToItsOwnWindow() {
    Map<String, Double> champion = Map.of(Metrics.OOT_AUC, 0.90);
    // on its own (easier) window the champion scored 0.90; on the candidate's rows 0.79
    PromotionGate.Result r =
        PromotionGate.evaluate(with(Metrics.CHAMPION_OOT_AUC, 0.79), champion, T);
    assertThat(r.passed()).isTrue();
    assertThat(r.render()).contains("same out-of-time rows");
    assertThat(PromotionGate.evaluate(good(), champion, T).failed())
        .containsExactly("auc_vs_champion");
  }

  @Test
  void calibrationErrorAndRatioAreChecked() {
    assertThat(PromotionGate.evaluate(with(Metrics.OOT_ECE, 0.02), null, T).passed()).isTrue();
    assertThat(PromotionGate.evaluate(with(Metrics.OOT_ECE, 0.0201), null, T).failed())
        .containsExactly("calibration_error");
    assertThat(PromotionGate.evaluate(with(Metrics.OOT_CALIBRATION_RATIO, 0.76), null, T).passed())
        .isTrue();
    assertThat(PromotionGate.evaluate(with(Metrics.OOT_CALIBRATION_RATIO, 1.26), null, T).failed())
        .containsExactly("calibration_ratio");
  }

  @Test
  void psiMustStayBelowTheLimit() {
    assertThat(PromotionGate.evaluate(with(Metrics.SCORE_PSI, 0.2499), null, T).passed()).isTrue();
    assertThat(PromotionGate.evaluate(with(Metrics.SCORE_PSI, 0.25), null, T).failed())
        .containsExactly("score_psi");
  }

  @Test
  void aMissingMetricFails() {
    Map<String, Double> m = good();
    m.remove(Metrics.OOT_CALIBRATION_RATIO);
    PromotionGate.Result r = PromotionGate.evaluate(m, null, T);
    assertThat(r.failed()).containsExactly("calibration_ratio");
    assertThat(r.render()).contains("missing");
  }

  static Map<String, Double> uplift(double qini, double low, double high) {
    Map<String, Double> m = new HashMap<>();
    m.put(Metrics.qini(Metrics.CALL_VS_MESSAGE), qini);
    m.put(Metrics.qiniLow(Metrics.CALL_VS_MESSAGE), low);
    m.put(Metrics.qiniHigh(Metrics.CALL_VS_MESSAGE), high);
    for (String arm : List.of("CALL", "MESSAGE", "NONE")) {
      m.put(Metrics.armCalibrationRatio(arm), 1.1);
    }
    return m;
  }

  @Test
  void aTreatmentEffectModelNeedsItsWholeQiniIntervalAboveZero() {
    PromotionGate.Result ranked =
        PromotionGate.evaluateUplift(uplift(0.008, 0.002, 0.015), null, T);
    assertThat(ranked.passed()).as(ranked.render()).isTrue();
    // a Qini above 0 whose interval holds 0 is no evidence the model ranks better than chance
    PromotionGate.Result unproven =
        PromotionGate.evaluateUplift(uplift(0.003, -0.003, 0.009), null, T);
    assertThat(unproven.failed()).containsExactly("qini_above_random");
    assertThat(unproven.render()).contains("interval -0.0030 .. 0.0090, wholly above 0");
    assertThat(PromotionGate.evaluateUplift(uplift(0.003, 0.0, 0.009), null, T).failed())
        .containsExactly("qini_above_random");
    Map<String, Double> noInterval = uplift(0.008, 0.002, 0.015);
    noInterval.remove(Metrics.qiniLow(Metrics.CALL_VS_MESSAGE));
    assertThat(PromotionGate.evaluateUplift(noInterval, null, T).failed())
        .containsExactly("qini_above_random");
    // against a champion: at least the champion's lower bound, and calibrated in every arm
    Map<String, Double> champion = uplift(0.010, 0.004, 0.016);
    assertThat(PromotionGate.evaluateUplift(uplift(0.008, 0.002, 0.015), champion, T).passed())
        .isTrue();
    assertThat(PromotionGate.evaluateUplift(uplift(0.0035, 0.001, 0.006), champion, T).failed())
        .containsExactly("qini_vs_champion");
    Map<String, Double> offLevel = uplift(0.008, 0.002, 0.015);
    offLevel.put(Metrics.armCalibrationRatio("CALL"), 0.67);
    assertThat(PromotionGate.evaluateUplift(offLevel, null, T).failed())
        .containsExactly("calibration_call");
  }
}
