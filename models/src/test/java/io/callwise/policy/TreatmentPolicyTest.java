package io.callwise.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callwise.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Each policy rule on named fixtures, both sides of every boundary: one account that is a plain
 * call candidate, and variants that change one thing.
 */
class TreatmentPolicyTest {

  static final LocalDate SCORE_DATE = LocalDate.parse("2025-07-14");
  static final LocalDate CONTACT_DATE = SCORE_DATE.plusDays(1);

  static final ContactRules US = PolicyFixtures.US;

  static PolicySettings policy(
      PolicySettings.Capacity capacity, Map<String, ContactRules> regions) {
    return PolicyFixtures.policy(capacity, regions);
  }

  static PolicySettings policy(long calls) {
    return PolicyFixtures.policy(calls);
  }

  static final StructType SCHEMA = schema();

  static StructType schema() {
    StructType s = new StructType();
    for (String c : TreatmentPolicy.INPUTS) {
      DataType t =
          switch (c) {
            case "do_not_contact", "consent_call", "consent_sms", "consent_push", "consent_email" ->
                DataTypes.BooleanType;
            case "overdue_amount",
                "outstanding_balance",
                "credit_limit",
                "statement_balance_last",
                "loan_principal_outstanding",
                "pd" ->
                DataTypes.DoubleType;
            case "next_due_date", "last_conversation_date" -> DataTypes.DateType;
            case "account_id", "region", "time_zone", "account_status", "dpd_bucket" ->
                DataTypes.StringType;
            default -> DataTypes.IntegerType;
          };
      s = s.add(c, t, true);
    }
    return s;
  }

  /** A delinquent account every rule lets through to the call queue. */
  static Map<String, Object> candidate(String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("account_id", id);
    m.put("region", "US-NE");
    m.put("time_zone", "America/New_York");
    m.put("account_status", "ACTIVE");
    m.put("do_not_contact", false);
    m.put("consent_call", true);
    m.put("consent_sms", true);
    m.put("consent_push", true);
    m.put("consent_email", true);
    m.put("dpd_current", 20);
    m.put("dpd_bucket", "1-30");
    m.put("overdue_amount", 500.0);
    m.put("outstanding_balance", 800.0);
    m.put("credit_limit", 1500.0);
    m.put("statement_balance_last", null);
    m.put("loan_principal_outstanding", null);
    m.put("internal_score", 600);
    m.put("dispute_open", 0);
    m.put("legal_hold_active", 0);
    m.put("hardship_plan_active", 0);
    m.put("payment_holiday_active", 0);
    m.put("open_complaints", 0);
    m.put("days_since_last_complaint", 366);
    m.put("next_due_date", null);
    m.put("call_attempts_6d", 0);
    m.put("last_conversation_date", null);
    m.put("undelivered_sms_30d", 0);
    m.put("undelivered_push_30d", 0);
    m.put("undelivered_email_30d", 0);
    m.put("pd", 0.8);
    return m;
  }

  final List<Map<String, Object>> fixtures = new ArrayList<>();

  void fixture(String id, Consumer<Map<String, Object>> change) {
    Map<String, Object> m = candidate(id);
    change.accept(m);
    fixtures.add(m);
  }

  static Date date(LocalDate d) {
    return Date.valueOf(d);
  }

  Map<String, Row> decide(PolicySettings p) {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = fixtures.stream().map(m -> RowFactory.create(m.values().toArray())).toList();
    Dataset<Row> in = spark.createDataFrame(rows, SCHEMA).repartition(3);
    Map<String, Row> out = new HashMap<>();
    try (TreatmentPolicy.Decisions d = TreatmentPolicy.decide(in, p, SCORE_DATE)) {
      for (Row r : d.rows().collectAsList()) {
        out.put(r.getAs("account_id"), r);
      }
    }
    return out;
  }

  static String decision(Row r) {
    return r.getAs("treatment") + "/" + r.getAs("policy_reason");
  }

  @Test
  void eachRuleOnBothSidesOfItsBoundary() {
    fixture("candidate", m -> {});
    // Suppression, in the order tried.
    fixture("dnc", m -> m.put("do_not_contact", true));
    fixture("legal-hold", m -> m.put("legal_hold_active", 1));
    fixture("dispute", m -> m.put("dispute_open", 1));
    fixture("closed", m -> m.put("account_status", "CLOSED"));
    fixture("complaint-open", m -> m.put("open_complaints", 1));
    // Cool-off 14 days, the complaint's day is day 1: complaint 12 days before the score date
    // makes the contact date day 14 (suppressed), 13 days before makes it day 15.
    fixture("complaint-day-14", m -> m.put("days_since_last_complaint", 12));
    fixture("complaint-day-15", m -> m.put("days_since_last_complaint", 13));
    fixture("hardship", m -> m.put("hardship_plan_active", 1));
    fixture("holiday", m -> m.put("payment_holiday_active", 1));
    fixture(
        "no-consent",
        m -> {
          m.put("consent_call", false);
          m.put("consent_sms", false);
          m.put("consent_push", false);
          m.put("consent_email", false);
        });
    fixture(
        "dnc-and-90dpd",
        m -> {
          m.put("do_not_contact", true);
          m.put("dpd_current", 120);
        });
    // Escalation: DPD 90 with more than 100 overdue.
    fixture("dpd-89", m -> m.put("dpd_current", 89));
    fixture("dpd-90", m -> m.put("dpd_current", 90));
    fixture(
        "dpd-90-at-amount",
        m -> {
          m.put("dpd_current", 90);
          m.put("overdue_amount", 100.0);
        });
    fixture("written-off", m -> m.put("account_status", "WRITTEN_OFF"));
    // Delinquent, not called.
    fixture(
        "grace-dpd-5",
        m -> {
          m.put("dpd_current", 5);
          m.put("pd", 0.59);
        });
    fixture(
        "grace-dpd-6",
        m -> {
          m.put("dpd_current", 6);
          m.put("pd", 0.59);
        });
    fixture(
        "grace-high-pd",
        m -> {
          m.put("dpd_current", 3);
          m.put("pd", 0.6);
        });
    fixture("self-cure", m -> m.put("pd", 0.29));
    fixture("self-cure-line", m -> m.put("pd", 0.3));
    fixture(
        "score-750-dpd-15",
        m -> {
          m.put("internal_score", 750);
          m.put("dpd_current", 15);
        });
    fixture(
        "score-749",
        m -> {
          m.put("internal_score", 749);
          m.put("dpd_current", 15);
        });
    fixture(
        "score-750-dpd-16",
        m -> {
          m.put("internal_score", 750);
          m.put("dpd_current", 16);
        });
    fixture("no-call-consent", m -> m.put("consent_call", false));
    // 7 calls in 7 days: 6 in the 6 days before leave the 7th; 7 leave none (the 8th).
    fixture("attempts-6", m -> m.put("call_attempts_6d", 6));
    fixture("attempts-7", m -> m.put("call_attempts_6d", 7));
    fixture("attempts-2", m -> m.put("call_attempts_6d", 2));
    // Conversation cool-off of 7 days, the conversation's day is day 1.
    fixture(
        "conversation-day-7",
        m -> m.put("last_conversation_date", date(CONTACT_DATE.minusDays(6))));
    fixture(
        "conversation-day-8",
        m -> m.put("last_conversation_date", date(CONTACT_DATE.minusDays(7))));
    fixture("no-daily-calls", m -> m.put("region", "NO-DAILY"));
    // Message channel: consent and recent failures.
    fixture(
        "sms-failing",
        m -> {
          m.put("consent_call", false);
          m.put("undelivered_sms_30d", 2);
        });
    fixture(
        "sms-one-failure",
        m -> {
          m.put("consent_call", false);
          m.put("undelivered_sms_30d", 1);
        });
    fixture(
        "email-only",
        m -> {
          m.put("consent_call", false);
          m.put("consent_sms", false);
          m.put("consent_push", false);
        });
    fixture(
        "no-deliverable",
        m -> {
          m.put("consent_call", false);
          m.put("consent_sms", false);
          m.put("consent_push", false);
          m.put("undelivered_email_30d", 5);
        });
    // Current accounts: a reminder when PD >= 0.05 and the due date within 5 days of the contact
    // date.
    Consumer<Map<String, Object>> current =
        m -> {
          m.put("dpd_current", 0);
          m.put("dpd_bucket", "current");
          m.put("overdue_amount", 0.0);
          m.put("pd", 0.05);
        };
    fixture(
        "reminder-due-day-5",
        current.andThen(m -> m.put("next_due_date", date(CONTACT_DATE.plusDays(4)))));
    fixture(
        "reminder-due-day-6",
        current.andThen(m -> m.put("next_due_date", date(CONTACT_DATE.plusDays(5)))));
    fixture(
        "reminder-low-pd",
        current.andThen(
            m -> {
              m.put("next_due_date", date(CONTACT_DATE));
              m.put("pd", 0.049);
            }));
    fixture("reminder-no-due", current);
    // A very likely miss is reminded whatever the due date: PD 0.5 vs 0.499, due in 14 days.
    fixture(
        "reminder-high-pd-due-day-15",
        current.andThen(
            m -> {
              m.put("next_due_date", date(CONTACT_DATE.plusDays(14)));
              m.put("pd", 0.5);
            }));
    fixture(
        "reminder-below-high-pd-due-day-15",
        current.andThen(
            m -> {
              m.put("next_due_date", date(CONTACT_DATE.plusDays(14)));
              m.put("pd", 0.499);
            }));
    fixture("reminder-high-pd-no-due", current.andThen(m -> m.put("pd", 0.9)));

    Map<String, Row> d = decide(policy(1000));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("candidate", "CALL/priority_within_capacity");
    expected.put("dnc", "SUPPRESS/do_not_contact");
    expected.put("legal-hold", "SUPPRESS/legal_hold");
    expected.put("dispute", "SUPPRESS/dispute_open");
    expected.put("closed", "SUPPRESS/status_forbids_contact");
    expected.put("complaint-open", "SUPPRESS/complaint_open");
    expected.put("complaint-day-14", "SUPPRESS/complaint_cooling_off");
    expected.put("complaint-day-15", "CALL/priority_within_capacity");
    expected.put("hardship", "SUPPRESS/hardship_plan");
    expected.put("holiday", "SUPPRESS/payment_holiday");
    expected.put("no-consent", "SUPPRESS/no_consent");
    expected.put("dnc-and-90dpd", "SUPPRESS/do_not_contact");
    expected.put("dpd-89", "CALL/priority_within_capacity");
    expected.put("dpd-90", "ESCALATE/dpd_escalation");
    expected.put("dpd-90-at-amount", "CALL/priority_within_capacity");
    expected.put("written-off", "ESCALATE/status_escalation");
    expected.put("grace-dpd-5", "MESSAGE/grace_period");
    expected.put("grace-dpd-6", "CALL/priority_within_capacity");
    expected.put("grace-high-pd", "CALL/priority_within_capacity");
    expected.put("self-cure", "NONE/likely_self_cure");
    expected.put("self-cure-line", "CALL/priority_within_capacity");
    expected.put("score-750-dpd-15", "MESSAGE/high_score_message_first");
    expected.put("score-749", "CALL/priority_within_capacity");
    expected.put("score-750-dpd-16", "CALL/priority_within_capacity");
    expected.put("no-call-consent", "MESSAGE/no_call_consent");
    expected.put("attempts-6", "CALL/priority_within_capacity");
    expected.put("attempts-7", "MESSAGE/attempt_cap_7_in_7");
    expected.put("attempts-2", "CALL/priority_within_capacity");
    expected.put("conversation-day-7", "MESSAGE/conversation_cooling_off");
    expected.put("conversation-day-8", "CALL/priority_within_capacity");
    expected.put("no-daily-calls", "MESSAGE/daily_call_cap");
    expected.put("sms-failing", "MESSAGE/no_call_consent");
    expected.put("sms-one-failure", "MESSAGE/no_call_consent");
    expected.put("email-only", "MESSAGE/no_call_consent");
    expected.put("no-deliverable", "NONE/no_deliverable_channel");
    expected.put("reminder-due-day-5", "MESSAGE/early_warning_reminder");
    expected.put("reminder-due-day-6", "NONE/no_reminder_due_yet");
    expected.put("reminder-low-pd", "NONE/low_risk");
    expected.put("reminder-no-due", "NONE/no_instalment_due");
    expected.put("reminder-high-pd-due-day-15", "MESSAGE/high_risk_reminder");
    expected.put("reminder-below-high-pd-due-day-15", "NONE/no_reminder_due_yet");
    expected.put("reminder-high-pd-no-due", "MESSAGE/high_risk_reminder");
    Map<String, String> actual = new LinkedHashMap<>();
    expected.keySet().forEach(id -> actual.put(id, decision(d.get(id))));
    assertThat(actual).isEqualTo(expected);
    assertThat(d).hasSameSizeAs(expected);

    // Channels.
    assertThat((String) d.get("candidate").getAs("channel")).isEqualTo("CALL");
    assertThat((String) d.get("sms-failing").getAs("channel")).isEqualTo("PUSH");
    assertThat((String) d.get("sms-one-failure").getAs("channel")).isEqualTo("SMS");
    assertThat((String) d.get("email-only").getAs("channel")).isEqualTo("EMAIL");
    assertThat((String) d.get("dpd-90").getAs("channel")).isEqualTo("ESCALATION");
    assertThat((Object) d.get("dnc").getAs("channel")).isNull();
    assertThat((Object) d.get("dnc").getAs("window_start_utc")).isNull();
    // Attempts that remain on the contact date: min(6 per day, 7 - attempts of the 6 days before).
    assertThat((Integer) d.get("candidate").getAs("call_attempts_remaining")).isEqualTo(6);
    assertThat((Integer) d.get("attempts-2").getAs("call_attempts_remaining")).isEqualTo(5);
    assertThat((Integer) d.get("attempts-6").getAs("call_attempts_remaining")).isEqualTo(1);
    assertThat((Integer) d.get("attempts-7").getAs("call_attempts_remaining")).isZero();
    assertThat((Integer) d.get("conversation-day-7").getAs("call_attempts_remaining")).isZero();
    assertThat((Integer) d.get("conversation-day-8").getAs("call_attempts_remaining")).isEqualTo(6);
    // The Java reference of the same rule agrees.
    assertThat(US.attemptsRemaining(6, null)).isEqualTo(1);
    assertThat(US.attemptsRemaining(7, null)).isZero();
    assertThat(US.attemptsRemaining(0, 6)).isZero();
    assertThat(US.attemptsRemaining(0, 7)).isEqualTo(6);
    // Tiers and expected loss.
    Row c = d.get("candidate");
    assertThat((String) c.getAs("tier")).isEqualTo("T1");
    assertThat((Double) c.getAs("expected_loss")).isEqualTo(0.8 * 800.0 * 0.5);
    assertThat((String) d.get("grace-dpd-5").getAs("tier")).isEqualTo("T2");
    assertThat((String) d.get("self-cure").getAs("tier")).isEqualTo("T3");
    assertThat((String) d.get("dpd-90").getAs("tier")).isEqualTo("T1");
    assertThat((String) c.getAs("policy_version")).isEqualTo("test-1");
    assertThat((Object) c.getAs("contact_date")).isEqualTo(date(CONTACT_DATE));
  }

  /**
   * A night explains only the rows {@link TreatmentPolicy#mayContact} selects, so no contact may be
   * decided outside them: a grid of DPD, PD, status, due date and consent under two policies (the
   * second reminds from a PD below the reminder's usual minimum and escalates by DPD only).
   */
  @Test
  void noContactIsDecidedOutsideTheRowsThePolicyMayContact() {
    PolicySettings usual = policy(1_000);
    PolicySettings.Treatment t = usual.treatment();
    PolicySettings lowAnyDue =
        usual.toBuilder()
            .escalate(new PolicySettings.Escalate(90, 100.0, List.of()))
            .treatment(
                PolicySettings.Treatment.builder()
                    .graceDays(t.graceDays())
                    .gracePdMax(t.gracePdMax())
                    .selfCurePdMax(t.selfCurePdMax())
                    .messageFirstScore(t.messageFirstScore())
                    .messageFirstMaxDpd(t.messageFirstMaxDpd())
                    .reminderPdMin(t.reminderPdMin())
                    .reminderDays(t.reminderDays())
                    .reminderAnyDuePdMin(0.02)
                    .maxUndelivered30d(t.maxUndelivered30d())
                    .messageChannels(t.messageChannels())
                    .build())
            .build();
    int n = 0;
    for (int dpd : new int[] {0, 3, 20, 95}) {
      for (double pd : new double[] {0.001, 0.03, 0.05, 0.6}) {
        for (String status : new String[] {"ACTIVE", "WRITTEN_OFF", "CLOSED"}) {
          for (Integer dueIn : new Integer[] {null, 2, 20}) {
            for (boolean consent : new boolean[] {true, false}) {
              int k = n++;
              fixture(
                  "a" + k,
                  m -> {
                    m.put("dpd_current", dpd);
                    m.put("overdue_amount", dpd == 0 ? 0.0 : 500.0);
                    m.put("pd", pd);
                    m.put("account_status", status);
                    m.put(
                        "next_due_date", dueIn == null ? null : date(CONTACT_DATE.plusDays(dueIn)));
                    m.put("consent_call", consent);
                    m.put("consent_sms", consent);
                  });
            }
          }
        }
      }
    }
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> in =
        spark.createDataFrame(
            fixtures.stream().map(m -> RowFactory.create(m.values().toArray())).toList(), SCHEMA);
    for (PolicySettings p : List.of(usual, lowAnyDue)) {
      Map<String, Boolean> may = new HashMap<>();
      for (Row r :
          in.select(org.apache.spark.sql.functions.col("account_id"), TreatmentPolicy.mayContact(p))
              .collectAsList()) {
        may.put(r.getString(0), r.getBoolean(1));
      }
      Map<String, Row> d = decide(p);
      List<String> contactedOutside = new ArrayList<>();
      Map<String, Integer> outside = new HashMap<>();
      d.forEach(
          (id, r) -> {
            String treatment = r.getAs("treatment");
            if (!may.get(id)) {
              outside.merge(decision(r), 1, Integer::sum);
              if (List.of("CALL", "MESSAGE", "ESCALATE").contains(treatment)) {
                contactedOutside.add(id + " " + decision(r));
              }
            }
          });
      assertThat(contactedOutside).isEmpty();
      // Rows are left out, and only current accounts of low risk or suppressed ones.
      assertThat(outside).containsKey("NONE/low_risk");
      assertThat(outside.keySet())
          .allMatch(k -> k.equals("NONE/low_risk") || k.startsWith("SUPPRESS/"));
      // And every reminder decided is inside: the grid reaches both reminder rules.
      assertThat(d.values().stream().map(TreatmentPolicyTest::decision))
          .contains("MESSAGE/early_warning_reminder", "MESSAGE/high_risk_reminder");
    }
  }

  @Test
  void callWindowIsTheLocalCallHoursInUtcAcrossSummerTimeAndNeverReaches22() {
    // 08:00-22:00 (the latest a region may allow): 21:59 local is inside, 22:00 is not.
    ContactRules late = new ContactRules(LocalTime.of(8, 0), LocalTime.of(22, 0), 7, 7, 6);
    assertThat(late.allowsCallAt(LocalTime.of(21, 59))).isTrue();
    assertThat(late.allowsCallAt(LocalTime.of(22, 0))).isFalse();
    assertThat(late.allowsCallAt(LocalTime.of(7, 59))).isFalse();
    assertThat(late.allowsCallAt(LocalTime.of(8, 0))).isTrue();
    assertThatThrownBy(() -> new ContactRules(LocalTime.of(8, 0), LocalTime.of(22, 1), 7, 7, 6))
        .hasMessageContaining("between 08:00 and 22:00");
    assertThatThrownBy(() -> new ContactRules(LocalTime.of(7, 59), LocalTime.of(21, 0), 7, 7, 6))
        .hasMessageContaining("between 08:00 and 22:00");

    fixture("ny-late", m -> m.put("region", "LATE"));
    fixture(
        "la",
        m -> {
          m.put("time_zone", "America/Los_Angeles");
          m.put("region", "US-W");
        });
    fixture("kiribati", m -> m.put("time_zone", "Pacific/Kiritimati"));
    Map<String, Row> d = decide(policy(1000));
    // 2025-07-15 in New York is UTC-4: 08:00-22:00 local = 12:00Z to 02:00Z next day.
    Row ny = d.get("ny-late");
    assertThat(instant(ny, "window_start_utc")).isEqualTo(Instant.parse("2025-07-15T12:00:00Z"));
    assertThat(instant(ny, "window_end_utc")).isEqualTo(Instant.parse("2025-07-16T02:00:00Z"));
    for (Row r : d.values()) {
      ZoneId zone = ZoneId.of(r.getAs("time_zone"));
      LocalDateTime start = LocalDateTime.ofInstant(instant(r, "window_start_utc"), zone);
      LocalDateTime end = LocalDateTime.ofInstant(instant(r, "window_end_utc"), zone);
      ContactRules rules = r.getAs("region").equals("LATE") ? late : US;
      assertThat(start).isEqualTo(CONTACT_DATE.atTime(rules.callStart()));
      assertThat(end).isEqualTo(CONTACT_DATE.atTime(rules.callEnd()));
      // The last minute inside the window is an allowed local time, the end is not.
      Instant lastMinute = instant(r, "window_end_utc").minusSeconds(60);
      assertThat(rules.allowsCallAt(LocalDateTime.ofInstant(lastMinute, zone).toLocalTime()))
          .isTrue();
      assertThat(rules.allowsCallAt(end.toLocalTime())).isFalse();
    }
  }

  @Test
  void windowFollowsTheClockChange() {
    fixtures.add(candidate("ny"));
    SparkSession spark = SparkTestSession.get();
    // Contact date 2025-11-02: New York leaves summer time at 02:00, so 08:00 is 13:00Z.
    Dataset<Row> in =
        spark.createDataFrame(
            List.of(RowFactory.create(fixtures.get(0).values().toArray())), SCHEMA);
    try (TreatmentPolicy.Decisions d =
        TreatmentPolicy.decide(in, policy(10), LocalDate.parse("2025-11-01"))) {
      Row r = d.rows().first();
      assertThat(instant(r, "window_start_utc")).isEqualTo(Instant.parse("2025-11-02T13:00:00Z"));
      assertThat(instant(r, "window_end_utc")).isEqualTo(Instant.parse("2025-11-03T02:00:00Z"));
    }
  }

  static Instant instant(Row r, String column) {
    return ((Timestamp) r.getAs(column)).toInstant();
  }

  /**
   * Exposure with a conversion factor of 0.1: an active credit line owes its statement balance (at
   * least the billed-and-unpaid amount) plus a tenth of its undrawn limit; a frozen one only the
   * balance; an instalment loan the billed-and-unpaid amount plus the principal its latest
   * instalment leaves; any other account the billed-and-unpaid amount, at least the overdue.
   */
  @Test
  void exposureIsTheRealBalancePlusTheConvertedUndrawnLimitOfAnActiveLine() {
    fixture("no-statement", m -> {});
    fixture("overdue-above-billed", m -> m.put("outstanding_balance", 300.0));
    fixture("active-line", m -> m.put("statement_balance_last", 1000.0));
    fixture(
        "frozen-line",
        m -> {
          m.put("statement_balance_last", 1000.0);
          m.put("account_status", "FROZEN");
        });
    fixture(
        "billed-above-statement",
        m -> {
          m.put("statement_balance_last", 600.0);
          m.put("outstanding_balance", 900.0);
        });
    fixture(
        "over-the-limit",
        m -> {
          m.put("statement_balance_last", 1600.0);
        });
    fixture("loan", m -> m.put("loan_principal_outstanding", 2400.0));
    fixture("repaid-loan", m -> m.put("loan_principal_outstanding", 0.0));
    Map<String, Row> d = decide(policy(10));
    Map<String, Double> exposure = new HashMap<>();
    d.forEach((id, r) -> exposure.put(id, r.getAs("exposure")));
    assertThat(exposure)
        .containsEntry("no-statement", 800.0)
        .containsEntry("overdue-above-billed", 500.0)
        .containsEntry("active-line", 1000.0 + 0.1 * 500.0)
        .containsEntry("frozen-line", 1000.0)
        .containsEntry("billed-above-statement", 900.0 + 0.1 * 600.0)
        .containsEntry("over-the-limit", 1600.0)
        .containsEntry("loan", 800.0 + 2400.0)
        .containsEntry("repaid-loan", 800.0);
    assertThat((Double) d.get("active-line").getAs("expected_loss")).isEqualTo(0.8 * 1050.0 * 0.5);
  }

  @Test
  void capacityExactlyReachedCallsEveryoneAndOneMoreOverflowsTheLowestPriority() {
    // Five candidates; two share the top priority and are ordered by account id.
    fixture("c-3", m -> m.put("pd", 0.9));
    fixture("c-1", m -> m.put("pd", 0.95));
    fixture("c-2", m -> m.put("pd", 0.95));
    fixture("c-4", m -> m.put("pd", 0.85));
    fixture("c-5", m -> m.put("pd", 0.8));
    Map<String, Row> exact = decide(policy(5));
    assertThat(exact.values())
        .allSatisfy(r -> assertThat(decision(r)).isEqualTo("CALL/priority_within_capacity"));
    Map<String, Row> tight = decide(policy(4));
    assertThat(decision(tight.get("c-5"))).isEqualTo("MESSAGE/capacity_overflow");
    assertThat((String) tight.get("c-5").getAs("channel")).isEqualTo("SMS");
    Map<String, Long> positions = new HashMap<>();
    tight.forEach((id, r) -> positions.put(id, r.getAs("queue_position")));
    assertThat(positions)
        .containsEntry("c-1", 1L)
        .containsEntry("c-2", 2L)
        .containsEntry("c-3", 3L)
        .containsEntry("c-4", 4L)
        .containsEntry("c-5", 1L);
    // Tie at the capacity line: equal priority, the lower account id is called.
    fixtures.clear();
    fixture("t-b", m -> {});
    fixture("t-a", m -> {});
    Map<String, Row> tie = decide(policy(1));
    assertThat(decision(tie.get("t-a"))).isEqualTo("CALL/priority_within_capacity");
    assertThat(decision(tie.get("t-b"))).isEqualTo("MESSAGE/capacity_overflow");
  }

  @Test
  void capacityPerRegionPool() {
    for (int i = 0; i < 4; i++) {
      int n = i;
      fixture(
          "w-" + i,
          m -> {
            m.put("region", "US-W");
            m.put("pd", 0.9 - n * 0.01);
          });
      fixture(
          "e-" + i,
          m -> {
            m.put("region", "US-NE");
            m.put("pd", 0.9 - n * 0.01);
          });
    }
    PolicySettings p =
        policy(
            new PolicySettings.Capacity(1, 1, PolicySettings.PoolBy.REGION, Map.of("US-W", 3)),
            Map.of());
    Map<String, Row> d = decide(p);
    List<String> called =
        d.values().stream()
            .filter(r -> r.getAs("treatment").equals("CALL"))
            .map(r -> (String) r.getAs("account_id"))
            .sorted()
            .toList();
    assertThat(called).containsExactly("e-0", "w-0", "w-1", "w-2");
    assertThat((String) d.get("w-0").getAs("call_pool")).isEqualTo("US-W");
  }

  @Test
  void decisionsAreDeterministicWhateverThePartitioning() {
    for (int i = 0; i < 60; i++) {
      int n = i;
      fixture(
          String.format("d-%02d", i),
          m -> {
            m.put("pd", 0.35 + (n % 7) * 0.05);
            m.put("dpd_current", 6 + n % 11);
            m.put("call_attempts_6d", n % 9);
          });
    }
    Map<String, Row> a = decide(policy(13));
    java.util.Collections.reverse(fixtures);
    Map<String, Row> b = decide(policy(13));
    assertThat(b).isEqualTo(a);
    assertThat(a.values().stream().filter(r -> r.getAs("treatment").equals("CALL")).count())
        .isEqualTo(13);
  }
}
