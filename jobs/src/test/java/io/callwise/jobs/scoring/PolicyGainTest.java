package io.callwise.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The paired relative gain over the status quo that evaluate-policy reports. */
class PolicyGainTest {

  @Test
  void aStrategyPairedWithItselfGainsExactlyNothing() {
    double[] x = {7000, 3100, 9800, 5200, 8400};
    double[] g = EvaluatePolicyJob.ratioGain(x, x.clone());
    assertThat(g[0]).isEqualTo(0.0);
    assertThat(g[1]).isEqualTo(0.0);
  }

  @Test
  void isTheRatioOfMeansSoAReplicateWithALowBaselineDoesNotSwingIt() {
    double[] a = {110, 50, 110};
    double[] b = {100, 1, 100};
    double[] g = EvaluatePolicyJob.ratioGain(a, b);
    // The mean of the per-replicate ratios would be about +1,600 %.
    assertThat(g[0]).isCloseTo((110 + 50 + 110) / 201.0 - 1, within(1e-12));
    assertThat(EvaluatePolicyJob.ratioGain(a, new double[] {0, 0, 0})[0]).isNaN();
  }

  @Test
  void itsIntervalCoversTheTrueGainAboutNineteenTimesInTwenty() {
    // Paired replicates sharing most of their noise, as strategies on the same draws do:
    // b ~ N(1000, 300), a = 1.15 b + N(0, 80). The true gain is 15 %.
    Random random = new Random(11);
    int experiments = 4000;
    int covered = 0;
    for (int e = 0; e < experiments; e++) {
      int n = 10;
      double[] a = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        b[i] = 1000 + 300 * random.nextGaussian();
        a[i] = 1.15 * b[i] + 80 * random.nextGaussian();
      }
      double[] g = EvaluatePolicyJob.ratioGain(a, b);
      if (Math.abs(g[0] - 0.15) <= g[1]) {
        covered++;
      }
    }
    assertThat(covered / (double) experiments).isBetween(0.925, 0.97);
  }
}
