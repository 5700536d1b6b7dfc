package io.callwise.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import io.callwise.jobs.config.CallwiseConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void theDemoSearchesOnePointOfEachGridAndLeavesTheRestOfTheConfiguration() {
    Config config =
        CallwiseConfig.resolve(
            null,
            Map.of(
                "callwise.models.gbt.max-depth", "[6, 2, 4]",
                "callwise.models.logistic.reg-param", "[0.1, 0.01, 0.001, 0.0001]",
                "callwise.models.seed", "11"),
            Map.of());

    Config search = DemoCommand.narrowedSearch(config);

    assertThat(search.getIntList("callwise.models.gbt.max-depth")).containsExactly(2);
    assertThat(search.getDoubleList("callwise.models.logistic.reg-param")).containsExactly(0.001);
    assertThat(search.getInt("callwise.models.seed")).isEqualTo(11);
    // fewer rounds, the same total shrinkage (rounds x step) as configured
    int rounds = config.getIntList("callwise.models.gbt.max-iter").get(0);
    double step = config.getDoubleList("callwise.models.gbt.step-size").get(0);
    assertThat(search.getIntList("callwise.models.gbt.max-iter"))
        .containsExactly(DemoCommand.DEMO_GBT_ROUNDS);
    assertThat(
            search.getDoubleList("callwise.models.gbt.step-size").get(0)
                * DemoCommand.DEMO_GBT_ROUNDS)
        .isCloseTo(rounds * step, within(1e-9));
  }

  @Test
  void aSearchOfFewerRoundsThanTheDemosIsLeftAsConfigured() {
    Config config =
        CallwiseConfig.resolve(
            null,
            Map.of(
                "callwise.models.gbt.max-iter", "[10]", "callwise.models.gbt.step-size", "[0.3]"),
            Map.of());

    Config search = DemoCommand.narrowedSearch(config);

    assertThat(search.getIntList("callwise.models.gbt.max-iter")).containsExactly(10);
    assertThat(search.getDoubleList("callwise.models.gbt.step-size")).containsExactly(0.3);
  }
}
