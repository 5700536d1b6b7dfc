package io.callwise.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdTest {

  @Test
  void aMeasureIsAWarningPastTheWarningAndAnErrorPastTheError() {
    Threshold t = new Threshold(0.1, 0.25);
    assertThat(t.of(0.0)).isEqualTo(Severity.OK);
    assertThat(t.of(0.1)).isEqualTo(Severity.OK);
    assertThat(t.of(0.1000001)).isEqualTo(Severity.WARNING);
    assertThat(t.of(0.25)).isEqualTo(Severity.WARNING);
    assertThat(t.of(0.26)).isEqualTo(Severity.ERROR);
    assertThat(t.of(Double.POSITIVE_INFINITY)).isEqualTo(Severity.ERROR);
    assertThat(t.of(Double.NaN)).isEqualTo(Severity.ERROR);
    assertThat(Threshold.errorPast(0).of(1)).isEqualTo(Severity.ERROR);
    assertThat(Threshold.errorPast(0).of(0)).isEqualTo(Severity.OK);
  }

  @Test
  void negativeOrMissingThresholdsAreRefused() {
    assertThatThrownBy(() -> new Threshold(-1, 0)).hasMessageContaining("-1");
    assertThatThrownBy(() -> new Threshold(0, Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void theWorstSeverityWins() {
    assertThat(Severity.worst(List.of())).isEqualTo(Severity.OK);
    assertThat(Severity.worst(List.of(Severity.OK, Severity.ERROR, Severity.WARNING)))
        .isEqualTo(Severity.ERROR);
    CheckResult r =
        CheckResult.of("feature_psi", "early_warning: x", 0.3, new Threshold(0.1, 1), "d");
    assertThat(r.severity()).isEqualTo(Severity.WARNING);
    assertThat(r.render()).contains("WARNING", "feature_psi", "early_warning: x", "0.3000", "d");
  }
}
