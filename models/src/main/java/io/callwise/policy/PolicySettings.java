package io.callwise.policy;

import io.callwise.common.Fingerprints;
import io.callwise.contract.Codes.Channel;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The treatment policy: which accounts are left alone, escalated, called or messaged, and the
 * compliance rules every contact obeys. Every decision records {@link #version()}; change it
 * whenever a value here changes. The run id also carries {@link #fingerprint()}, so that decisions
 * made with other values under the same version (a one-night override) are never taken for the same
 * run.
 *
 * @param version policy version recorded with every decision
 * @param defaultRules contact rules of regions not listed in {@code regionRules}
 * @param regionRules contact rules by region code
 * @param capacity calls the floor can place on the contact date
 * @param lgdByBucket loss given default by DPD bucket label (every bucket must be present)
 * @param suppress when no collection contact is allowed
 * @param escalate when an account goes to the legal-letter / agency queue
 * @param treatment thresholds of the call / message / none choice
 * @param tiers PD cut-offs of the priority tiers
 * @param exposure how exposure at default is measured
 * @param strategy how calls are allocated among the candidates
 */
public record PolicySettings(
    String version,
    ContactRules defaultRules,
    Map<String, ContactRules> regionRules,
    Capacity capacity,
    Map<String, Double> lgdByBucket,
    Suppress suppress,
    Escalate escalate,
    Treatment treatment,
    Tiers tiers,
    Exposure exposure,
    Strategy strategy) {

  public PolicySettings {
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException(
          "callwise.policy.version is empty. Fix: give the policy a version, e.g. \"2026-11.1\".");
    }
    regionRules = sorted(regionRules);
    lgdByBucket = sorted(lgdByBucket);
    for (var e : lgdByBucket.entrySet()) {
      if (e.getValue() < 0 || e.getValue() > 1) {
        throw new IllegalArgumentException(
            "callwise.policy.lgd." + e.getKey() + " = " + e.getValue() + " is not in [0, 1].");
      }
    }
  }

  /**
   * A fingerprint of every value (12 hex digits of a SHA-256 of the settings, maps in key order):
   * equal settings give equal fingerprints in any JVM.
   */
  public String fingerprint() {
    return Fingerprints.sha256Hex(toString(), 6);
  }

  /** A builder with every value of this policy, to change some by name. */
  public Builder toBuilder() {
    return new Builder()
        .version(version)
        .defaultRules(defaultRules)
        .regionRules(regionRules)
        .capacity(capacity)
        .lgdByBucket(lgdByBucket)
        .suppress(suppress)
        .escalate(escalate)
        .treatment(treatment)
        .tiers(tiers)
        .exposure(exposure)
        .strategy(strategy);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings by name; {@link #build} checks them as the constructor does. */
  public static final class Builder {
    private String version;
    private ContactRules defaultRules;
    private Map<String, ContactRules> regionRules = Map.of();
    private Capacity capacity;
    private Map<String, Double> lgdByBucket = Map.of();
    private Suppress suppress;
    private Escalate escalate;
    private Treatment treatment;
    private Tiers tiers;
    private Exposure exposure = new Exposure(0);
    private Strategy strategy = Strategy.EXPECTED_LOSS_DEFAULT;

    private Builder() {}

    public Builder strategy(Strategy v) {
      strategy = v;
      return this;
    }

    public Builder version(String v) {
      version = v;
      return this;
    }

    public Builder defaultRules(ContactRules v) {
      defaultRules = v;
      return this;
    }

    public Builder regionRules(Map<String, ContactRules> v) {
      regionRules = v;
      return this;
    }

    public Builder capacity(Capacity v) {
      capacity = v;
      return this;
    }

    public Builder lgdByBucket(Map<String, Double> v) {
      lgdByBucket = v;
      return this;
    }

    public Builder suppress(Suppress v) {
      suppress = v;
      return this;
    }

    public Builder escalate(Escalate v) {
      escalate = v;
      return this;
    }

    public Builder treatment(Treatment v) {
      treatment = v;
      return this;
    }

    public Builder tiers(Tiers v) {
      tiers = v;
      return this;
    }

    public Builder exposure(Exposure v) {
      exposure = v;
      return this;
    }

    public PolicySettings build() {
      return new PolicySettings(
          version,
          defaultRules,
          regionRules,
          capacity,
          lgdByBucket,
          suppress,
          escalate,
          treatment,
          tiers,
          exposure,
          strategy);
    }
  }

  /**
   * How the calls of a pool are allocated among its candidates (compliance rules, suppressions and
   * escalations are the same under every allocation).
   */
  public enum Allocation {
    /** Highest expected loss first, after the PD rules (grace, self-cure, message first). */
    EXPECTED_LOSS("expected-loss"),
    /**
     * Largest expected gain of a call over the best alternative first, from the treatment-effect
     * champion; the rest get the better of a message and no contact.
     */
    INCREMENTAL_VALUE("incremental-value"),
    /** Days past due × overdue amount first, as collections floors commonly rank; no PD rules. */
    DPD_TIMES_AMOUNT("dpd-times-amount"),
    /** A seeded random order; no PD rules (a baseline for evaluation). */
    RANDOM("random");

    private final String id;

    Allocation(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Allocation of(String id) {
      for (Allocation a : values()) {
        if (a.id.equals(id.trim())) {
          return a;
        }
      }
      throw new IllegalArgumentException(
          "callwise.policy.strategy.allocation = \""
              + id
              + "\": expected expected-loss, incremental-value, dpd-times-amount or random.");
    }
  }

  /**
   * @param allocation how calls are allocated
   * @param callCost cost of one call attempt, in the book's currency (agent time)
   * @param messageCost cost of one message
   * @param seed seed of the {@link Allocation#RANDOM} order
   * @param upliftOutcome the treatment outcome whose champion treatment-effect model ({@code
   *     uplift_<outcome>}) values the treatments under {@link Allocation#INCREMENTAL_VALUE}
   */
  public record Strategy(
      Allocation allocation, double callCost, double messageCost, long seed, String upliftOutcome) {

    public static final Strategy EXPECTED_LOSS_DEFAULT =
        new Strategy(Allocation.EXPECTED_LOSS, 4.0, 0.05, 0, "paid_overdue_7d");

    /** The registry label of the treatment-effect models of {@code outcome}. */
    public static String upliftLabel(String outcome) {
      return "uplift_" + outcome;
    }

    public String upliftLabel() {
      return upliftLabel(upliftOutcome);
    }

    public Strategy {
      if (callCost < 0 || messageCost < 0) {
        throw new IllegalArgumentException(
            "callwise.policy.strategy: negative cost (call "
                + callCost
                + ", message "
                + messageCost
                + ").");
      }
    }

    public Strategy withAllocation(Allocation a) {
      return new Strategy(a, callCost, messageCost, seed, upliftOutcome);
    }
  }

  /** An unmodifiable copy in key order: a stable {@code toString} for the fingerprint. */
  static <V> Map<String, V> sorted(Map<String, V> m) {
    return Collections.unmodifiableMap(new TreeMap<>(m));
  }

  /** How calls are split between queues: one for the whole floor, or one per region or zone. */
  public enum PoolBy {
    NONE,
    REGION,
    TIME_ZONE;

    public static PoolBy of(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "callwise.policy.capacity.pool-by = \""
                + s
                + "\": expected none, region or time-zone.");
      }
    }
  }

  /**
   * @param agents agents of a pool not listed in {@code poolAgents} (all agents when pools are off)
   * @param callsPerAgent calls one agent places in a day
   * @param poolBy queue split
   * @param poolAgents agents by pool value (region code or time zone)
   */
  public record Capacity(
      int agents, int callsPerAgent, PoolBy poolBy, Map<String, Integer> poolAgents) {
    public Capacity {
      poolAgents = sorted(poolAgents);
      if (agents < 0 || callsPerAgent < 0 || poolAgents.values().stream().anyMatch(a -> a < 0)) {
        throw new IllegalArgumentException("callwise.policy.capacity: negative agents or calls.");
      }
    }

    /** Calls a pool can place. */
    public long calls(String pool) {
      return (long) poolAgents.getOrDefault(pool, agents) * callsPerAgent;
    }
  }

  /**
   * @param statuses account statuses that forbid collection contact
   * @param complaintCoolOffDays days, counting the complaint's day as day 1, without contact after
   *     a complaint is raised
   * @param whileComplaintOpen no contact while a complaint is unresolved
   * @param hardshipPlan no collection contact while a hardship plan is honoured
   * @param paymentHoliday no collection contact during a payment holiday
   */
  public record Suppress(
      List<String> statuses,
      int complaintCoolOffDays,
      boolean whileComplaintOpen,
      boolean hardshipPlan,
      boolean paymentHoliday) {
    public Suppress {
      statuses = List.copyOf(statuses);
    }
  }

  /**
   * @param minDpd days past due from which an account is escalated
   * @param minOverdueAmount overdue amount above which it is escalated (smaller arrears are
   *     collected by the floor)
   * @param statuses account statuses that are always escalated (e.g. WRITTEN_OFF, to the agency)
   */
  public record Escalate(int minDpd, double minOverdueAmount, List<String> statuses) {
    public Escalate {
      statuses = List.copyOf(statuses);
    }
  }

  /**
   * @param graceDays DPD up to which a low-risk account only gets a reminder message
   * @param gracePdMax PD below which an account in the grace period gets a message, not a call
   * @param selfCurePdMax PD (of not curing) below which a delinquent account is left to self-cure
   * @param messageFirstScore internal score from which a delinquent account is messaged first
   * @param messageFirstMaxDpd DPD up to which "message first" applies
   * @param reminderPdMin early-warning PD from which a current account gets a reminder
   * @param reminderDays days before the next due date in which the reminder is sent
   * @param reminderAnyDuePdMin early-warning PD from which a current account is reminded whatever
   *     its next due date (a borrower this likely to miss is worth a message now)
   * @param maxUndelivered30d undelivered messages in 30 days from which a channel is skipped
   * @param messageChannels message channels in order of preference
   */
  public record Treatment(
      int graceDays,
      double gracePdMax,
      double selfCurePdMax,
      int messageFirstScore,
      int messageFirstMaxDpd,
      double reminderPdMin,
      int reminderDays,
      double reminderAnyDuePdMin,
      int maxUndelivered30d,
      List<String> messageChannels) {
    public Treatment {
      messageChannels = List.copyOf(messageChannels);
      for (String c : messageChannels) {
        if (Channel.MESSAGES.stream().noneMatch(m -> m.name().equals(c))) {
          throw new IllegalArgumentException(
              "callwise.policy.treatment.message-channels: unknown channel "
                  + c
                  + " (SMS, PUSH, EMAIL).");
        }
      }
    }

    public static Builder builder() {
      return new Builder();
    }

    /** The thresholds by name. */
    public static final class Builder {
      private int graceDays;
      private double gracePdMax;
      private double selfCurePdMax;
      private int messageFirstScore;
      private int messageFirstMaxDpd;
      private double reminderPdMin;
      private int reminderDays;
      private double reminderAnyDuePdMin;
      private int maxUndelivered30d;
      private List<String> messageChannels = List.of();

      private Builder() {}

      public Builder graceDays(int v) {
        graceDays = v;
        return this;
      }

      public Builder gracePdMax(double v) {
        gracePdMax = v;
        return this;
      }

      public Builder selfCurePdMax(double v) {
        selfCurePdMax = v;
        return this;
      }

      public Builder messageFirstScore(int v) {
        messageFirstScore = v;
        return this;
      }

      public Builder messageFirstMaxDpd(int v) {
        messageFirstMaxDpd = v;
        return this;
      }

      public Builder reminderPdMin(double v) {
        reminderPdMin = v;
        return this;
      }

      public Builder reminderDays(int v) {
        reminderDays = v;
        return this;
      }

      public Builder reminderAnyDuePdMin(double v) {
        reminderAnyDuePdMin = v;
        return this;
      }

      public Builder maxUndelivered30d(int v) {
        maxUndelivered30d = v;
        return this;
      }

      public Builder messageChannels(List<String> v) {
        messageChannels = v;
        return this;
      }

      public Treatment build() {
        return new Treatment(
            graceDays,
            gracePdMax,
            selfCurePdMax,
            messageFirstScore,
            messageFirstMaxDpd,
            reminderPdMin,
            reminderDays,
            reminderAnyDuePdMin,
            maxUndelivered30d,
            messageChannels);
      }
    }
  }

  /**
   * Tier T1 from {@code t1Pd} (and every escalation), T2 from {@code t2Pd}, T3 from t3, else T4.
   */
  public record Tiers(double t1Pd, double t2Pd, double t3Pd) {}

  /**
   * Exposure at default. A revolving account with a statement owes its balance (at least the
   * billed-and-unpaid amount) and may draw {@code ccf} of its undrawn limit before default while
   * the line is ACTIVE; other accounts owe their billed-and-unpaid amount (at least the overdue).
   *
   * @param ccf credit conversion factor on the undrawn limit of active revolving accounts
   */
  public record Exposure(double ccf) {
    public Exposure {
      if (ccf < 0 || ccf > 1) {
        throw new IllegalArgumentException(
            "callwise.policy.exposure.ccf = " + ccf + " is not in [0, 1].");
      }
    }
  }

  /** Contact rules of {@code region}. */
  public ContactRules rules(String region) {
    return regionRules.getOrDefault(region, defaultRules);
  }

  /** The longest conversation cool-off of any region: how far back conversations matter. */
  public int longestConversationCoolOffDays() {
    int days = defaultRules.conversationCoolOffDays();
    for (ContactRules r : regionRules.values()) {
      days = Math.max(days, r.conversationCoolOffDays());
    }
    return days;
  }
}
