package io.callwise.policy;

import io.callwise.delinquency.Bucket;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Policies for tests: small, every value explicit, so a test reads what it decides with. */
public final class PolicyFixtures {

  private PolicyFixtures() {}

  /** Calls 08:00-21:00, 7 attempts in 7 days, 7 days of conversation cool-off, 6 a day. */
  public static final ContactRules US =
      new ContactRules(LocalTime.of(8, 0), LocalTime.of(21, 0), 7, 7, 6);

  public static PolicySettings policy(
      PolicySettings.Capacity capacity, Map<String, ContactRules> regions) {
    Map<String, Double> lgd = new HashMap<>();
    for (Bucket b : Bucket.values()) {
      lgd.put(b.label(), 0.5);
    }
    return PolicySettings.builder()
        .version("test-1")
        .defaultRules(US)
        .regionRules(regions)
        .capacity(capacity)
        .lgdByBucket(lgd)
        .suppress(new PolicySettings.Suppress(List.of("CLOSED"), 14, true, true, true))
        .escalate(new PolicySettings.Escalate(90, 100.0, List.of("WRITTEN_OFF")))
        .treatment(
            PolicySettings.Treatment.builder()
                .graceDays(5)
                .gracePdMax(0.6)
                .selfCurePdMax(0.3)
                .messageFirstScore(750)
                .messageFirstMaxDpd(15)
                .reminderPdMin(0.05)
                .reminderDays(5)
                .reminderAnyDuePdMin(0.5)
                .maxUndelivered30d(2)
                .messageChannels(List.of("SMS", "PUSH", "EMAIL"))
                .build())
        .tiers(new PolicySettings.Tiers(0.8, 0.5, 0.1))
        .exposure(new PolicySettings.Exposure(0.1))
        .build();
  }

  /** One pool of {@code calls} calls; regions LATE (calls to 22:00) and NO-DAILY (no attempts). */
  public static PolicySettings policy(long calls) {
    return policy(
        new PolicySettings.Capacity((int) calls, 1, PolicySettings.PoolBy.NONE, Map.of()),
        Map.of(
            "LATE",
            new ContactRules(LocalTime.of(8, 0), LocalTime.of(22, 0), 7, 7, 6),
            "NO-DAILY",
            new ContactRules(LocalTime.of(8, 0), LocalTime.of(21, 0), 7, 7, 0)));
  }
}
