package io.callwise.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
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
}
