package io.callwise.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callwise.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The allocations: incremental-value reaches the brute-force optimum of total expected value on
 * small random instances with two capacity pools and compliance blocks; the baselines rank by their
 * own order and keep every rule.
 */
class AllocationTest {

  static final LocalDate SCORE_DATE = TreatmentPolicyTest.SCORE_DATE;
  static final double CALL_COST = 4.0;
  static final double MESSAGE_COST = 0.5;

  static final StructType SCHEMA =
      TreatmentPolicyTest.SCHEMA
          .add(TreatmentPolicy.P_CALL, DataTypes.DoubleType, true)
          .add(TreatmentPolicy.P_MESSAGE, DataTypes.DoubleType, true)
          .add(TreatmentPolicy.P_NONE, DataTypes.DoubleType, true);

  static PolicySettings policy(PolicySettings.Allocation a, int eastCalls, int westCalls) {
    PolicySettings p =
        PolicyFixtures.policy(
            new PolicySettings.Capacity(
                0, 1, PolicySettings.PoolBy.REGION, Map.of("US-NE", eastCalls, "US-W", westCalls)),
            Map.of());
    return p.toBuilder()
        .strategy(new PolicySettings.Strategy(a, CALL_COST, MESSAGE_COST, 3, "paid_overdue_7d"))
        .build();
  }

  enum Kind {
    FREE,
    NO_CALL_CONSENT,
    COOLING_OFF,
    NO_MESSAGE_CHANNEL,
    DO_NOT_CONTACT
  }

  record Account(String id, String pool, Kind kind, double overdue, double[] p) {
    double value(String treatment) {
      return switch (treatment) {
        case "CALL" -> p[0] * overdue - CALL_COST;
        case "MESSAGE" -> p[1] * overdue - MESSAGE_COST;
        default -> p[2] * overdue;
      };
    }

    List<String> allowed() {
      return switch (kind) {
        case DO_NOT_CONTACT -> List.of("SUPPRESS");
        case NO_CALL_CONSENT, COOLING_OFF -> List.of("MESSAGE", "NONE");
        case NO_MESSAGE_CHANNEL -> List.of("CALL", "NONE");
        case FREE -> List.of("CALL", "MESSAGE", "NONE");
      };
    }
  }

  static Row row(Account a) {
    Map<String, Object> m = TreatmentPolicyTest.candidate(a.id());
    m.put("region", a.pool());
    m.put("overdue_amount", a.overdue());
    switch (a.kind()) {
      case NO_CALL_CONSENT -> m.put("consent_call", false);
      case COOLING_OFF -> m.put("last_conversation_date", java.sql.Date.valueOf(SCORE_DATE));
      case NO_MESSAGE_CHANNEL -> {
        m.put("consent_sms", false);
        m.put("consent_push", false);
        m.put("consent_email", false);
      }
      case DO_NOT_CONTACT -> m.put("do_not_contact", true);
      default -> {}
    }
    List<Object> values = new ArrayList<>(m.values());
    values.add(a.p()[0]);
    values.add(a.p()[1]);
    values.add(a.p()[2]);
    return RowFactory.create(values.toArray());
  }

  static Map<String, Row> decide(List<Account> accounts, PolicySettings p) {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> in =
        spark.createDataFrame(accounts.stream().map(AllocationTest::row).toList(), SCHEMA);
    Map<String, Row> out = new HashMap<>();
    try (TreatmentPolicy.Decisions d = TreatmentPolicy.decide(in, p, SCORE_DATE)) {
      d.rows().collectAsList().forEach(r -> out.put(r.getAs("account_id"), r));
    }
    return out;
  }

  /** The largest total value over every allowed assignment within the pools' capacities. */
  static double bruteForce(List<Account> accounts, int east, int west, int i, double[] best) {
    return search(accounts, 0, east, west, 0, Double.NEGATIVE_INFINITY);
  }

  static double search(List<Account> accounts, int i, int east, int west, double sum, double best) {
    if (i == accounts.size()) {
      return Math.max(best, sum);
    }
    Account a = accounts.get(i);
    for (String t : a.allowed()) {
      int e = east;
      int w = west;
      if (t.equals("CALL")) {
        if (a.pool().equals("US-NE")) {
          if (--e < 0) {
            continue;
          }
        } else if (--w < 0) {
          continue;
        }
      }
      double v = t.equals("SUPPRESS") ? 0 : a.value(t);
      best = search(accounts, i + 1, e, w, sum + v, best);
    }
    return best;
  }

  @Test
  void incrementalValueReachesTheBruteForceOptimum() {
    Random rnd = new Random(17);
    int instances = 0;
    int callsSeen = 0;
    int noneSeen = 0;
    for (int n = 0; n < 24; n++) {
      List<Account> accounts = new ArrayList<>();
      int size = 5 + rnd.nextInt(4);
      for (int i = 0; i < size; i++) {
        double base = 0.05 + 0.4 * rnd.nextDouble();
        double[] p = {
          Math.min(0.99, base + 0.4 * rnd.nextDouble()),
          Math.min(0.99, base + 0.1 * rnd.nextDouble()),
          base
        };
        accounts.add(
            new Account(
                "A" + n + "-" + i,
                rnd.nextBoolean() ? "US-NE" : "US-W",
                Kind.values()[rnd.nextInt(10) < 6 ? 0 : 1 + rnd.nextInt(4)],
                5 + rnd.nextInt(400),
                p));
      }
      int east = rnd.nextInt(3);
      int west = rnd.nextInt(3);
      Map<String, Row> decided =
          decide(accounts, policy(PolicySettings.Allocation.INCREMENTAL_VALUE, east, west));
      double total = 0;
      Map<String, Integer> calls = new HashMap<>();
      for (Account a : accounts) {
        Row r = decided.get(a.id());
        String t = r.getAs("treatment");
        assertThat(a.allowed()).as("%s %s", a, r).contains(t);
        if (!t.equals("SUPPRESS")) {
          total += a.value(t);
          double increment = r.getAs(TreatmentPolicy.VALUE_INCREMENT);
          assertThat(increment).isCloseTo(a.value(t) - a.value("NONE"), within());
        }
        if (t.equals("CALL")) {
          calls.merge(a.pool(), 1, Integer::sum);
          callsSeen++;
        }
        noneSeen += t.equals("NONE") ? 1 : 0;
      }
      assertThat(calls.getOrDefault("US-NE", 0)).isLessThanOrEqualTo(east);
      assertThat(calls.getOrDefault("US-W", 0)).isLessThanOrEqualTo(west);
      assertThat(total)
          .as("instance %d: %s", n, accounts)
          .isCloseTo(bruteForce(accounts, east, west, 0, null), within());
      instances++;
    }
    assertThat(instances).isEqualTo(24);
    assertThat(callsSeen).as("calls were placed").isGreaterThan(10);
    assertThat(noneSeen).as("no contact was chosen").isGreaterThan(3);
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }

  @Test
  void baselinesRankByTheirOwnOrderAndKeepTheRules() {
    // a: 20 DPD x 500 = 10,000 with PD 0.5; b: 40 DPD x 100 = 4,000 with PD 0.95
    List<Account> accounts =
        List.of(
            new Account("a", "US-NE", Kind.FREE, 500, new double[] {0.5, 0.4, 0.3}),
            new Account("b", "US-NE", Kind.FREE, 100, new double[] {0.5, 0.4, 0.3}),
            new Account("c", "US-NE", Kind.NO_CALL_CONSENT, 900, new double[] {0.9, 0.4, 0.3}));
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = new ArrayList<>();
    for (Account a : accounts) {
      Row r = row(a);
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.get(i);
      }
      int dpd = SCHEMA.fieldIndex("dpd_current");
      int pd = SCHEMA.fieldIndex("pd");
      v[dpd] = a.id().equals("b") ? 40 : 20;
      v[pd] = a.id().equals("b") ? 0.95 : 0.5;
      rows.add(RowFactory.create(v));
    }
    Dataset<Row> in = spark.createDataFrame(rows, SCHEMA);
    Map<PolicySettings.Allocation, String> called = new HashMap<>();
    for (PolicySettings.Allocation a : PolicySettings.Allocation.values()) {
      try (TreatmentPolicy.Decisions d = TreatmentPolicy.decide(in, policy(a, 1, 0), SCORE_DATE)) {
        List<Row> out = d.rows().collectAsList();
        List<String> calls =
            out.stream()
                .filter(r -> r.getAs("treatment").equals("CALL"))
                .map(r -> (String) r.getAs("account_id"))
                .toList();
        assertThat(calls).as(a.id()).hasSize(1).doesNotContain("c");
        called.put(a, calls.get(0));
        out.forEach(r -> assertThat(r.<String>getAs("allocation")).isEqualTo(a.id()));
      }
    }
    // expected loss: a = 0.5 x 800 x 0.5 = 200, b = 0.95 x 800 x 0.5 = 380
    assertThat(called.get(PolicySettings.Allocation.EXPECTED_LOSS)).isEqualTo("b");
    assertThat(called.get(PolicySettings.Allocation.DPD_TIMES_AMOUNT)).isEqualTo("a");
    // a call over a message: a 0.1 x 500 = 50, b 0.1 x 100 = 10
    assertThat(called.get(PolicySettings.Allocation.INCREMENTAL_VALUE)).isEqualTo("a");
  }

  @Test
  void incrementalValueWithoutTheProbabilitiesIsAClearError() {
    Dataset<Row> in =
        SparkTestSession.get()
            .createDataFrame(
                List.of(RowFactory.create(TreatmentPolicyTest.candidate("x").values().toArray())),
                TreatmentPolicyTest.SCHEMA);
    assertThatThrownBy(
            () ->
                TreatmentPolicy.decide(
                    in, policy(PolicySettings.Allocation.INCREMENTAL_VALUE, 1, 1), SCORE_DATE))
        .hasMessageContaining("p_call")
        .hasMessageContaining("callwise train-uplift");
  }
}
