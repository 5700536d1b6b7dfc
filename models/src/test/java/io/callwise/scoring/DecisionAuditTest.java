package io.callwise.scoring;

import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.models.DelinquencyModel;
import io.callwise.policy.PolicyFixtures;
import io.callwise.policy.PolicySettings;
import io.callwise.testing.RawRows;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit against the library's own decisions on a small book: none breaks a rule; then one
 * breach at a time, planted either in the decisions or in what bronze knows, is found by its rule
 * and by no other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionAuditTest {

  static final PolicySettings POLICY = PolicyFixtures.policy(2);

  ScoringFixture book;
  Dataset<Row> decisions;

  @BeforeAll
  void decide() {
    book = new ScoringFixture();
    book.account("call-1", 20, 0.9);
    book.account("dnc", 20, 0.85).put("account_status", "ACTIVE");
    book.accounts.get(1).put("do_not_contact", "true");
    book.account("hardship", 20, 0.8).put("hardship_plan_active", 1);
    book.arrangements.add(inForce("hardship"));
    book.account("complaint", 20, 0.8).put("open_complaints", 1);
    Map<String, String> complaint = RawRows.complaint("k1", "complaint");
    complaint.put("opened_at", "2025-07-10T14:00:00Z");
    complaint.put("resolved_at", null);
    book.complaints.add(complaint);
    book.account("call-2", 20, 0.6);
    book.account("overflow", 20, 0.5);
    book.account("current", 0, 0.05);
    decisions = book.decide(POLICY);
  }

  static Map<String, String> inForce(String account) {
    Map<String, String> a = RawRows.arrangement("r-" + account, account);
    a.put("created_at", "2025-07-10T14:00:00Z");
    a.put("start_date", "2025-07-10");
    a.put("end_date", null);
    a.put("status", "ACTIVE");
    a.put("closed_at", null);
    return a;
  }

  @Test
  void theLibrarysDecisionsBreakNoRule() {
    Map<String, String> treatments = new HashMap<>();
    decisions
        .collectAsList()
        .forEach(
            r ->
                treatments.put(
                    r.getAs("account_id"), r.getAs("treatment") + "/" + r.getAs("policy_reason")));
    // The book exercises what the audit checks: two calls, suppressions, an overflow.
    assertThat(treatments.get("call-1")).startsWith("CALL/");
    assertThat(treatments.get("call-2")).startsWith("CALL/");
    assertThat(treatments.get("overflow")).isEqualTo("MESSAGE/capacity_overflow");
    assertThat(treatments.get("dnc")).startsWith("SUPPRESS/");
    assertThat(treatments.get("hardship")).startsWith("SUPPRESS/");
    assertThat(treatments.get("complaint")).startsWith("SUPPRESS/");

    Map<AuditRule, Long> audit =
        DecisionAudit.check(book.auditInputs(), ScoringFixture.D, POLICY, decisions);
    assertThat(audit.keySet()).containsExactly(AuditRule.values());
    assertThat(audit).allSatisfy((rule, n) -> assertThat(n).as(rule.code()).isZero());
  }

  static Column account(String id) {
    return col("account_id").equalTo(id);
  }

  static UnaryOperator<Dataset<Row>> set(String id, String column, Column value) {
    return rows -> rows.withColumn(column, when(account(id), value).otherwise(col(column)));
  }

  /** A breach planted in the decisions: the rule expected to find it, once. */
  static Stream<Arguments> plantedInDecisions() {
    UnaryOperator<Dataset<Row>> fourReasons =
        set(
            "call-1",
            "reasons",
            array_repeat(
                    struct(
                        lit("f").as("feature"), lit("v").as("value"), lit(0.1).as("contribution")),
                    4)
                .cast(DelinquencyModel.REASON_TYPE));
    UnaryOperator<Dataset<Row>> sixthCallOverCapacity =
        rows ->
            set("overflow", "treatment", lit("CALL"))
                .andThen(set("overflow", "channel", lit("CALL")))
                .andThen(set("overflow", "call_pool", lit("ALL")))
                .andThen(set("overflow", "call_attempts_remaining", lit(1)))
                .apply(rows);
    UnaryOperator<Dataset<Row>> capacityLeftUnused =
        rows ->
            set("call-2", "treatment", lit("MESSAGE"))
                .andThen(set("call-2", "channel", lit("SMS")))
                .andThen(set("call-2", "policy_reason", lit("capacity_overflow")))
                .apply(rows);
    return Stream.of(
        Arguments.of(
            "a window an hour late",
            set(
                "call-1",
                "window_start_utc",
                col("window_start_utc").plus(expr("INTERVAL 1 HOUR"))),
            AuditRule.CONTACT_WINDOW_OUTSIDE_ALLOWED_HOURS),
        Arguments.of(
            "more attempts than a day allows",
            set("call-1", "call_attempts_remaining", lit(7)),
            AuditRule.CALL_ATTEMPTS_OVER_DAILY_CAP),
        Arguments.of(
            "a call beyond capacity", sixthCallOverCapacity, AuditRule.CALLS_OVER_CAPACITY),
        Arguments.of(
            "capacity unused while a candidate overflows",
            capacityLeftUnused,
            AuditRule.CALLS_NOT_THE_TOP_PRIORITY_OF_THEIR_POOL),
        Arguments.of(
            "a current account escalated",
            set("current", "treatment", lit("ESCALATE")),
            AuditRule.ESCALATION_WITHOUT_CAUSE),
        Arguments.of("four reason codes", fourReasons, AuditRule.MORE_THAN_3_REASON_CODES),
        Arguments.of(
            "a decision twice",
            (UnaryOperator<Dataset<Row>>) rows -> rows.unionByName(rows.filter(account("current"))),
            AuditRule.ONE_DECISION_PER_OPEN_ACCOUNT),
        Arguments.of(
            "an open account without decision",
            (UnaryOperator<Dataset<Row>>) rows -> rows.filter(account("current").unary_$bang()),
            AuditRule.ONE_DECISION_PER_OPEN_ACCOUNT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plantedInDecisions")
  void aBreachInTheDecisionsIsFoundByItsRule(
      String breach, UnaryOperator<Dataset<Row>> plant, AuditRule rule) {
    assertFoundOnlyBy(
        rule,
        DecisionAudit.check(book.auditInputs(), ScoringFixture.D, POLICY, plant.apply(decisions)));
  }

  /** A breach in what bronze knows of call-1 (called tonight): the rule expected to find it. */
  static Stream<Arguments> plantedInBronze() {
    Consumer<ScoringFixture> doNotContact =
        b -> b.accounts.add(later(b.accounts.get(0), "do_not_contact", "true"));
    Consumer<ScoringFixture> noCallConsent =
        b -> b.accounts.add(later(b.accounts.get(0), "consent_call", "false"));
    Consumer<ScoringFixture> arrangement = b -> b.arrangements.add(inForce("call-1"));
    Consumer<ScoringFixture> complaint =
        b -> {
          Map<String, String> k = RawRows.complaint("k2", "call-1");
          k.put("opened_at", "2025-07-13T14:00:00Z");
          k.put("resolved_at", null);
          b.complaints.add(k);
        };
    Consumer<ScoringFixture> sevenCalls =
        b -> {
          for (int i = 0; i < 7; i++) {
            b.contacts.add(call("n" + i, "2025-07-1" + (i % 5) + "T14:00:00Z", "NO_ANSWER"));
          }
        };
    Consumer<ScoringFixture> conversation =
        b -> b.contacts.add(call("talk", "2025-07-12T14:00:00Z", "CONNECTED"));
    return Stream.of(
        Arguments.of(
            "do-not-contact set during the day",
            doNotContact,
            AuditRule.CONTACT_DESPITE_DO_NOT_CONTACT),
        Arguments.of(
            "call consent withdrawn",
            noCallConsent,
            AuditRule.CALL_OR_MESSAGE_WITHOUT_CHANNEL_CONSENT),
        Arguments.of(
            "a hardship plan in force",
            arrangement,
            AuditRule.CONTACT_DURING_DISPUTE_LEGAL_HOLD_HARDSHIP_OR_HOLIDAY),
        Arguments.of("a complaint open", complaint, AuditRule.CONTACT_DURING_COMPLAINT),
        Arguments.of("seven calls in the last days", sevenCalls, AuditRule.CALL_OVER_7_IN_7),
        Arguments.of(
            "a conversation two days ago",
            conversation,
            AuditRule.CALL_WITHIN_CONVERSATION_COOL_OFF));
  }

  static Map<String, String> later(Map<String, String> version, String column, String value) {
    return RawRows.with(RawRows.with(version, "updated_at", "2025-07-14T16:00:00Z"), column, value);
  }

  static Map<String, String> call(String id, String time, String outcome) {
    Map<String, String> c = RawRows.contact(id, "call-1");
    c.put("contact_time", time);
    c.put("outcome", outcome);
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plantedInBronze")
  void aBreachInBronzeIsFoundByItsRule(
      String breach, Consumer<ScoringFixture> plant, AuditRule rule) {
    ScoringFixture known = new ScoringFixture();
    known.features.addAll(book.features);
    known.accounts.addAll(book.accounts);
    known.arrangements.addAll(book.arrangements);
    known.complaints.addAll(book.complaints);
    known.contacts.addAll(book.contacts);
    plant.accept(known);
    assertFoundOnlyBy(
        rule, DecisionAudit.check(known.auditInputs(), ScoringFixture.D, POLICY, decisions));
  }

  static void assertFoundOnlyBy(AuditRule rule, Map<AuditRule, Long> found) {
    Map<AuditRule, Long> expected = new EnumMap<>(AuditRule.class);
    for (AuditRule r : AuditRule.values()) {
      expected.put(r, r == rule ? 1L : 0L);
    }
    assertThat(found).isEqualTo(expected);
  }
}
