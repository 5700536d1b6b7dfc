package io.callwise.jobs.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.quality.Threshold;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualitySettingsTest {

  static QualitySettings with(Map<String, String> conf) {
    return QualitySettings.of(CallwiseConfig.resolve(null, conf, Map.of()));
  }

  @Test
  void theDefaultsAreReadAndCanBeOverridden() {
    QualitySettings d = with(Map.of());
    assertThat(d.scorePsi()).isEqualTo(new Threshold(0.1, 0.25));
    assertThat(d.freshnessDays()).containsKeys("transactions", "repayments", "contacts");
    QualitySettings o =
        with(
            Map.of(
                "callwise.quality.feature-psi", "[0.2, 0.4]",
                "callwise.quality.freshness-days.statements", "[35, 62]"));
    assertThat(o.featurePsi()).isEqualTo(new Threshold(0.2, 0.4));
    assertThat(o.freshnessDays().get("statements")).isEqualTo(new Threshold(35, 62));
    // the text is a fingerprint: the same settings give the same text in any process
    assertThat(o.toString())
        .isEqualTo(
            with(Map.of(
                    "callwise.quality.freshness-days.statements", "[35, 62]",
                    "callwise.quality.feature-psi", "[0.2, 0.4]"))
                .toString());
  }

  @Test
  void aWrongValueNamesItsKey() {
    assertThatThrownBy(() -> with(Map.of("callwise.quality.score-psi", "[0.1]")))
        .hasMessageContaining("callwise.quality.score-psi is [warning, error], two numbers");
    assertThatThrownBy(() -> with(Map.of("callwise.quality.score-psi", "[0.1, -1]")))
        .hasMessageContaining("callwise.quality.score-psi")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> with(Map.of("callwise.quality.freshness-days.payments", "[1, 2]")))
        .hasMessageContaining("freshness-days.payments: no raw table of that name");
    assertThatThrownBy(() -> with(Map.of("callwise.quality.previous-night-within-days", "0")))
        .hasMessageContaining("previous-night-within-days must be at least 1");
  }
}
