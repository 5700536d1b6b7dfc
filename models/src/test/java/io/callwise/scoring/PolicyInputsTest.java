package io.callwise.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.policy.PolicyFixtures;
import io.callwise.testing.RawRows;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The policy's inputs from bronze rows, on the local days of the account's zone (New York, UTC-4 in
 * July), at the edges of each window.
 */
class PolicyInputsTest {

  static final LocalDate D = ScoringFixture.D;

  @Test
  void accountSettingsAreTheLatestVersionKnownByTheEndOfTheLocalDay() {
    ScoringFixture book = new ScoringFixture();
    book.account("a", 20, 0.5);
    // 23:30 in New York on D: known by the end of D.
    book.accounts.add(
        RawRows.with(
            RawRows.with(book.accounts.get(0), "updated_at", "2025-07-15T03:30:00Z"),
            "do_not_contact",
            "true"));
    // 00:30 in New York on D+1: not yet.
    book.accounts.add(
        RawRows.with(
            RawRows.with(book.accounts.get(0), "updated_at", "2025-07-15T04:30:00Z"),
            "consent_call",
            "false"));
    Row a = PolicyInputs.accounts(book.accountVersions(), D).first();
    assertThat(a.<Boolean>getAs("do_not_contact")).isTrue();
    assertThat(a.<Boolean>getAs("consent_call")).isTrue();
    assertThat(a.<String>getAs("time_zone")).isEqualTo("America/New_York");
  }

  @Test
  void contactHistoryCountsTheWindowsOnLocalDays() {
    ScoringFixture book = new ScoringFixture();
    book.account("a", 20, 0.5);
    String[][] calls = {
      // time (UTC), channel, outcome
      {"2025-07-09T03:00:00Z", "CALL", "NO_ANSWER"}, // 23:00 on D-6 locally: outside the 6 days
      {"2025-07-09T05:00:00Z", "CALL", "NO_ANSWER"}, // 01:00 on D-5: inside
      {"2025-07-15T02:00:00Z", "CALL", "NO_ANSWER"}, // 22:00 on D: inside
      {"2025-07-15T05:00:00Z", "CALL", "CONNECTED"}, // 01:00 on D+1: after the night
      {"2025-07-06T14:00:00Z", "CALL", "PROMISE_TO_PAY"}, // D-8: the last conversation
      {"2025-06-15T14:00:00Z", "SMS", "UNDELIVERED"}, // D-29: inside 30 days
      {"2025-06-13T14:00:00Z", "SMS", "UNDELIVERED"}, // D-31: outside
      {"2025-07-01T14:00:00Z", "EMAIL", "UNDELIVERED"},
    };
    int n = 0;
    for (String[] c : calls) {
      Map<String, String> row = RawRows.contact("c" + n++, "a");
      row.put("contact_time", c[0]);
      row.put("channel", c[1]);
      row.put("outcome", c[2]);
      book.contacts.add(row);
    }
    Dataset<Row> settings = PolicyInputs.accounts(book.accountVersions(), D);
    Row h =
        PolicyInputs.contactHistory(
                book.bronze(RawTables.CONTACTS, book.contacts),
                settings,
                D,
                PolicyFixtures.policy(1))
            .first();
    assertThat(h.<Integer>getAs("call_attempts_6d")).isEqualTo(2);
    assertThat(h.<Date>getAs("last_conversation_date")).isEqualTo(Date.valueOf(D.minusDays(8)));
    assertThat(h.<Integer>getAs("undelivered_sms_30d")).isEqualTo(1);
    assertThat(h.<Integer>getAs("undelivered_email_30d")).isEqualTo(1);
    assertThat(h.<Integer>getAs("undelivered_push_30d")).isZero();
  }

  @Test
  void nextDueIsTheFirstDueDateAfterTheNightOfInstalmentsBilledByIt() {
    ScoringFixture book = new ScoringFixture();
    String[][] instalments = {
      // account, statement, due
      {"a", "2025-06-20", "2025-07-10"}, // due before D
      {"a", "2025-07-01", "2025-07-21"}, // the next one
      {"a", "2025-07-10", "2025-07-31"},
      {"b", "2025-07-15", "2025-08-04"}, // billed after D
    };
    int n = 0;
    for (String[] i : instalments) {
      Map<String, String> row = RawRows.instalment("i" + n++, i[0]);
      row.put("statement_date", i[1]);
      row.put("due_date", i[2]);
      book.instalments.add(row);
    }
    Map<String, Date> next = new HashMap<>();
    PolicyInputs.nextDue(book.bronze(RawTables.INSTALMENTS, book.instalments), D)
        .collectAsList()
        .forEach(r -> next.put(r.getString(0), r.getDate(1)));
    assertThat(next).isEqualTo(Map.of("a", Date.valueOf("2025-07-21")));
    assertThat(PolicyInputs.instalmentsFrom(D)).isBefore(LocalDate.parse("2025-06-20"));
    assertThat(List.of(PolicyInputs.contactsFrom(D, PolicyFixtures.policy(1))))
        .containsExactly(D.minusDays(30));
  }
}
