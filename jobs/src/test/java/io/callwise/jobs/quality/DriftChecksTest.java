package io.callwise.jobs.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.quality.CheckResult;
import io.callwise.quality.DriftBaseline;
import io.callwise.quality.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a drift measure becomes checks, and why a small population cannot stop the night. */
class DriftChecksTest {

  static final QualitySettings Q =
      QualitySettings.of(CallwiseConfig.resolve(null, Map.of(), Map.of()));

  static QualityGateJob.DriftRow row(String kind, long rows, double psi, double nullNow) {
    return new QualityGateJob.DriftRow(
        "m-1",
        "no_self_cure",
        kind.equals("score") ? "pd" : "dpd_current",
        kind,
        new DriftBaseline.Drift("x", rows, psi, 0.0, nullNow));
  }

  @Test
  void aFeaturesPsiAndMissingShareAreTwoChecksAndAScoreOnlyItsPsi() {
    List<CheckResult> feature = QualityGateJob.driftChecks(row("feature", 5000, 0.2, 0.3), Q);
    assertThat(feature)
        .extracting(CheckResult::check, CheckResult::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(QualityGateJob.FEATURE_PSI, Severity.WARNING),
            org.assertj.core.groups.Tuple.tuple(QualityGateJob.NULL_SHARE_CHANGE, Severity.ERROR));
    assertThat(feature.get(1).detail())
        .contains("missing in 30.00 % of the rows, 0.00 % in training");
    List<CheckResult> score = QualityGateJob.driftChecks(row("score", 5000, 0.3, 0), Q);
    assertThat(score)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.check()).isEqualTo(QualityGateJob.SCORE_PSI);
              assertThat(r.target()).isEqualTo("no_self_cure: pd");
              assertThat(r.severity()).isEqualTo(Severity.ERROR);
            });
  }

  @Test
  void belowTheMinimumRowsAnErrorIsOnlyAWarningAndSaysWhy() {
    CheckResult few = QualityGateJob.driftChecks(row("score", 72, 0.9, 0), Q).get(0);
    assertThat(few.severity()).isEqualTo(Severity.WARNING);
    assertThat(few.detail())
        .contains("over 72 rows")
        .contains("fewer than 300 rows: at most a warning");
    CheckResult enough = QualityGateJob.driftChecks(row("score", 300, 0.9, 0), Q).get(0);
    assertThat(enough.severity()).isEqualTo(Severity.ERROR);
    // a stable small population stays OK
    assertThat(QualityGateJob.driftChecks(row("score", 72, 0.01, 0), Q).get(0).severity())
        .isEqualTo(Severity.OK);
  }
}
