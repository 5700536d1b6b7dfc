package io.callwise.jobs.scoring;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.labels.LabelCatalog;
import io.callwise.policy.ContactRules;
import io.callwise.policy.PolicySettings;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The {@code callwise.policy} configuration as {@link PolicySettings}. */
public final class PolicyConfig {

  private PolicyConfig() {}

  private static final String P = ConfigKeys.POLICY;

  /** The policy; a wrong value is an {@link IllegalArgumentException} naming the key. */
  public static PolicySettings settings(Config c) {
    Config contact = c.getConfig(P + "contact");
    ContactRules defaults = rules(contact, P + "contact");
    Map<String, ContactRules> regions = new LinkedHashMap<>();
    Config regionConf = c.getConfig(P + "regions");
    for (String region : regionConf.root().keySet()) {
      Config merged = regionConf.getConfig(quote(region)).withFallback(contact);
      regions.put(region, rules(merged, P + "regions." + region));
    }
    Map<String, Integer> pools = new LinkedHashMap<>();
    numbers(c, P + "capacity.pools").forEach((k, v) -> pools.put(k, v.intValue()));
    Map<String, Double> lgd = numbers(c, P + "lgd");
    return PolicySettings.builder()
        .version(c.getString(P + "version"))
        .defaultRules(defaults)
        .regionRules(regions)
        .capacity(
            new PolicySettings.Capacity(
                c.getInt(P + "capacity.agents"),
                c.getInt(P + "capacity.calls-per-agent"),
                PolicySettings.PoolBy.of(c.getString(P + "capacity.pool-by")),
                pools))
        .lgdByBucket(lgd)
        .suppress(
            new PolicySettings.Suppress(
                c.getStringList(P + "suppress.statuses"),
                c.getInt(P + "suppress.complaint-cool-off-days"),
                c.getBoolean(P + "suppress.while-complaint-open"),
                c.getBoolean(P + "suppress.hardship-plan"),
                c.getBoolean(P + "suppress.payment-holiday")))
        .escalate(
            new PolicySettings.Escalate(
                c.getInt(P + "escalate.min-dpd"),
                c.getDouble(P + "escalate.min-overdue-amount"),
                c.getStringList(P + "escalate.statuses")))
        .treatment(
            PolicySettings.Treatment.builder()
                .graceDays(c.getInt(P + "treatment.grace-days"))
                .gracePdMax(c.getDouble(P + "treatment.grace-pd-max"))
                .selfCurePdMax(c.getDouble(P + "treatment.self-cure-pd-max"))
                .messageFirstScore(c.getInt(P + "treatment.message-first-score"))
                .messageFirstMaxDpd(c.getInt(P + "treatment.message-first-max-dpd"))
                .reminderPdMin(c.getDouble(P + "treatment.reminder-pd-min"))
                .reminderDays(c.getInt(P + "treatment.reminder-days"))
                .reminderAnyDuePdMin(c.getDouble(P + "treatment.reminder-any-due-pd-min"))
                .maxUndelivered30d(c.getInt(P + "treatment.max-undelivered-30d"))
                .messageChannels(c.getStringList(P + "treatment.message-channels"))
                .build())
        .tiers(
            new PolicySettings.Tiers(
                c.getDouble(P + "tiers.t1-pd"),
                c.getDouble(P + "tiers.t2-pd"),
                c.getDouble(P + "tiers.t3-pd")))
        .exposure(new PolicySettings.Exposure(c.getDouble(P + "exposure.ccf")))
        .strategy(strategy(c))
        .build();
  }

  private static PolicySettings.Strategy strategy(Config c) {
    String outcome = c.getString(P + "strategy.uplift-outcome");
    LabelCatalog.requireBinaryOutcome(P + "strategy.uplift-outcome =", outcome);
    return new PolicySettings.Strategy(
        PolicySettings.Allocation.of(c.getString(P + "strategy.allocation")),
        c.getDouble(P + "strategy.call-cost"),
        c.getDouble(P + "strategy.message-cost"),
        c.getLong(P + "strategy.seed"),
        outcome);
  }

  /** A map of numbers under {@code path}; a value that is not a number is named in the error. */
  private static Map<String, Double> numbers(Config c, String path) {
    Map<String, Double> out = new LinkedHashMap<>();
    Config section = c.getConfig(path);
    for (Map.Entry<String, ConfigValue> e : section.root().entrySet()) {
      try {
        // HOCON reads "3" given on the command line as the number 3.
        out.put(e.getKey(), section.getDouble(quote(e.getKey())));
      } catch (ConfigException.WrongType wrong) {
        throw new IllegalArgumentException(
            path + "." + e.getKey() + " = " + e.getValue().render() + " is not a number.");
      }
    }
    return out;
  }

  private static String quote(String key) {
    return ConfigUtil.quoteString(key);
  }

  private static ContactRules rules(Config c, String where) {
    List<String> hours = c.getStringList("call-hours");
    if (hours.size() != 2) {
      throw new IllegalArgumentException(
          where
              + ".call-hours = "
              + hours
              + ": expected [start, end], e.g. [\"08:00\", \"21:00\"].");
    }
    try {
      return new ContactRules(
          LocalTime.parse(hours.get(0)),
          LocalTime.parse(hours.get(1)),
          c.getInt("max-calls-7d"),
          c.getInt("conversation-cool-off-days"),
          c.getInt("max-unanswered-calls-per-day"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + ".call-hours = " + hours + ": times must be HH:MM, e.g. \"08:00\".");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  /**
   * The policy as the {@code callwise.policy} section it would be configured with (JSON, every
   * value spelled out, regions complete): {@link #settings} of it gives the same policy back. Kept
   * with every scoring run, so that a night is checked against the policy it was scored with.
   */
  public static String render(PolicySettings s) {
    Map<String, Object> regions = new TreeMap<>();
    s.regionRules().forEach((region, rules) -> regions.put(region, rules(rules)));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", s.version());
    root.put("contact", rules(s.defaultRules()));
    root.put("regions", regions);
    root.put(
        "capacity",
        Map.of(
            "agents", s.capacity().agents(),
            "calls-per-agent", s.capacity().callsPerAgent(),
            "pool-by", s.capacity().poolBy().name().toLowerCase(Locale.ROOT),
            "pools", s.capacity().poolAgents()));
    root.put("lgd", s.lgdByBucket());
    root.put(
        "suppress",
        Map.of(
            "statuses", s.suppress().statuses(),
            "complaint-cool-off-days", s.suppress().complaintCoolOffDays(),
            "while-complaint-open", s.suppress().whileComplaintOpen(),
            "hardship-plan", s.suppress().hardshipPlan(),
            "payment-holiday", s.suppress().paymentHoliday()));
    root.put(
        "escalate",
        Map.of(
            "min-dpd", s.escalate().minDpd(),
            "min-overdue-amount", s.escalate().minOverdueAmount(),
            "statuses", s.escalate().statuses()));
    PolicySettings.Treatment t = s.treatment();
    Map<String, Object> treatment = new LinkedHashMap<>();
    treatment.put("grace-days", t.graceDays());
    treatment.put("grace-pd-max", t.gracePdMax());
    treatment.put("self-cure-pd-max", t.selfCurePdMax());
    treatment.put("message-first-score", t.messageFirstScore());
    treatment.put("message-first-max-dpd", t.messageFirstMaxDpd());
    treatment.put("reminder-pd-min", t.reminderPdMin());
    treatment.put("reminder-days", t.reminderDays());
    treatment.put("reminder-any-due-pd-min", t.reminderAnyDuePdMin());
    treatment.put("max-undelivered-30d", t.maxUndelivered30d());
    treatment.put("message-channels", t.messageChannels());
    root.put("treatment", treatment);
    root.put(
        "tiers",
        Map.of("t1-pd", s.tiers().t1Pd(), "t2-pd", s.tiers().t2Pd(), "t3-pd", s.tiers().t3Pd()));
    root.put("exposure", Map.of("ccf", s.exposure().ccf()));
    PolicySettings.Strategy st = s.strategy();
    root.put(
        "strategy",
        Map.of(
            "allocation", st.allocation().id(),
            "call-cost", st.callCost(),
            "message-cost", st.messageCost(),
            "seed", st.seed(),
            "uplift-outcome", st.upliftOutcome()));
    return ConfigValueFactory.fromMap(root).render(ConfigRenderOptions.concise());
  }

  /** The policy of a section rendered by {@link #render}. */
  public static PolicySettings parse(String rendered) {
    return settings(
        ConfigFactory.parseString("callwise.policy = " + rendered)
            .withFallback(RECORDED_BEFORE_EXPOSURE));
  }

  /**
   * What a run recorded before exposure was a setting measured: no undrawn limit; before the
   * strategy was one, calls were allocated by expected loss.
   */
  private static final Config RECORDED_BEFORE_EXPOSURE =
      ConfigFactory.parseString(
          "callwise.policy.exposure.ccf = 0\n"
              + "callwise.policy.strategy { allocation = expected-loss, call-cost = 4.0,"
              + " message-cost = 0.05, seed = 0, uplift-outcome = paid_overdue_7d }");

  private static Map<String, Object> rules(ContactRules r) {
    return Map.of(
        "call-hours", List.of(r.callStart().toString(), r.callEnd().toString()),
        "max-calls-7d", r.maxCalls7d(),
        "conversation-cool-off-days", r.conversationCoolOffDays(),
        "max-unanswered-calls-per-day", r.maxUnansweredCallsPerDay());
  }

  /** For tests and tools: the policy of the bundled defaults. */
  public static PolicySettings defaults() {
    return settings(CallwiseConfig.defaults().withFallback(ConfigFactory.empty()));
  }
}
