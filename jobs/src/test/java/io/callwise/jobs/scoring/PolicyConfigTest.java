package io.callwise.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.policy.PolicySettings;
import io.callwise.scoring.Scoring;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyConfigTest {

  static PolicySettings with(Map<String, String> conf) {
    return PolicyConfig.settings(CallwiseConfig.resolve(null, conf, Map.of()));
  }

  @Test
  void defaultsAreTheDocumentedRules() {
    PolicySettings p = PolicyConfig.defaults();
    assertThat(p.defaultRules().callStart()).isEqualTo(LocalTime.of(8, 0));
    assertThat(p.defaultRules().callEnd()).isEqualTo(LocalTime.of(21, 0));
    assertThat(p.defaultRules().maxCalls7d()).isEqualTo(7);
    assertThat(p.defaultRules().conversationCoolOffDays()).isEqualTo(7);
    assertThat(p.defaultRules().maxUnansweredCallsPerDay()).isEqualTo(6);
    assertThat(p.capacity().calls("ALL")).isEqualTo(20 * 60);
    assertThat(p.lgdByBucket()).containsKeys("current", "1-30", "31-60", "61-90", "91-180", "180+");
  }

  @Test
  void regionsOverrideOnlyWhatTheyNameAndPoolsTakeTheirOwnAgents() {
    PolicySettings p =
        with(
            Map.of(
                "callwise.policy.regions.US-NY.call-hours", "[\"09:00\", \"20:00\"]",
                "callwise.policy.capacity.pool-by", "region",
                "callwise.policy.capacity.pools.US-W", "3"));
    assertThat(p.rules("US-NY").callStart()).isEqualTo(LocalTime.of(9, 0));
    assertThat(p.rules("US-NY").maxCalls7d()).isEqualTo(7);
    assertThat(p.rules("US-W").callStart()).isEqualTo(LocalTime.of(8, 0));
    assertThat(p.capacity().calls("US-W")).isEqualTo(3 * 60);
    assertThat(p.capacity().calls("US-NE")).isEqualTo(20 * 60);
  }

  @Test
  void callsAt22OrBefore8AreRefusedWhateverIsConfigured() {
    assertThatThrownBy(
            () -> with(Map.of("callwise.policy.contact.call-hours", "[\"08:00\", \"22:30\"]")))
        .hasMessageContaining("callwise.policy.contact")
        .hasMessageContaining("between 08:00 and 22:00");
    assertThatThrownBy(
            () -> with(Map.of("callwise.policy.regions.X.call-hours", "[\"07:30\", \"20:00\"]")))
        .hasMessageContaining("callwise.policy.regions.X");
    assertThatThrownBy(() -> with(Map.of("callwise.policy.capacity.pools.US-W", "three")))
        .hasMessageContaining("callwise.policy.capacity.pools.US-W")
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> with(Map.of("callwise.policy.capacity.pool-by", "city")))
        .hasMessageContaining("none, region or time-zone");
  }

  @Test
  void theRunIdFollowsEveryPolicyValueNotOnlyTheVersion() {
    LocalDate d = LocalDate.parse("2025-06-30");
    Map<String, String> models = Map.of("early_warning", "ew-1", "no_self_cure", "nsc-1");
    PolicySettings base = PolicyConfig.defaults();
    String id = Scoring.runId(d, models, base, "c1");
    assertThat(Scoring.runId(d, models, PolicyConfig.defaults(), "c1")).isEqualTo(id);
    // Same version, one value overridden for the night: another run.
    PolicySettings override = with(Map.of("callwise.policy.treatment.reminder-pd-min", "0.02"));
    assertThat(override.version()).isEqualTo(base.version());
    assertThat(Scoring.runId(d, models, override, "c1")).isNotEqualTo(id);
    assertThat(
            Scoring.runId(d, models, with(Map.of("callwise.policy.capacity.agents", "19")), "c1"))
        .isNotEqualTo(id);
    // Maps built in another order are the same settings.
    List<String> keys = new ArrayList<>(base.lgdByBucket().keySet());
    Collections.reverse(keys);
    Map<String, Double> reversed = new LinkedHashMap<>();
    keys.forEach(k -> reversed.put(k, base.lgdByBucket().get(k)));
    PolicySettings same = base.toBuilder().lgdByBucket(reversed).build();
    assertThat(same.fingerprint()).isEqualTo(base.fingerprint());
    Map<String, Double> lgd = new LinkedHashMap<>(reversed);
    lgd.put("current", lgd.get("current") + 0.01);
    assertThat(base.toBuilder().lgdByBucket(lgd).build().fingerprint())
        .isNotEqualTo(base.fingerprint());
  }

  @Test
  void aRenderedPolicyReadsBackAsTheSamePolicy() {
    PolicySettings defaults = PolicyConfig.defaults();
    assertThat(PolicyConfig.parse(PolicyConfig.render(defaults))).isEqualTo(defaults);
    PolicySettings custom =
        PolicyConfig.settings(
            CallwiseConfig.resolve(
                null,
                java.util.Map.of(
                    "callwise.policy.capacity.agents", "3",
                    "callwise.policy.capacity.pool-by", "time-zone",
                    "callwise.policy.capacity.pools.Europe/Paris", "2",
                    "callwise.policy.regions.US-NY.call-hours", "[\"09:00\", \"20:00\"]",
                    "callwise.policy.treatment.reminder-pd-min", "0.0125"),
                java.util.Map.of()));
    PolicySettings back = PolicyConfig.parse(PolicyConfig.render(custom));
    assertThat(back).isEqualTo(custom);
    assertThat(back.fingerprint()).isEqualTo(custom.fingerprint());
  }

  /** A policy recorded before exposure was a setting reads back with no undrawn limit counted. */
  @Test
  void aPolicyRecordedBeforeExposureReadsBackWithoutConversion() {
    PolicySettings defaults = PolicyConfig.defaults();
    assertThat(defaults.exposure().ccf()).isEqualTo(0.1);
    String recorded = PolicyConfig.render(defaults).replace(",\"exposure\":{\"ccf\":0.1}", "");
    assertThat(recorded).doesNotContain("exposure");
    PolicySettings old = PolicyConfig.parse(recorded);
    assertThat(old.exposure().ccf()).isZero();
    assertThat(old.toBuilder().exposure(defaults.exposure()).build()).isEqualTo(defaults);
  }
}
