package io.callwise.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.features.FeatureInputs;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import io.callwise.testing.Ledger;
import io.callwise.testing.SparkTestSession;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Treatment outcomes against a plain loop over the ledger replay and the contacts: population from
 * the DPD on D, treatment from the contacts of the local day D+1, money and DPD over the days after
 * D.
 */
class TreatmentOutcomesTest {

  private record Contact(String account, Instant at, String channel, String outcome) {}

  @Test
  void outcomesMatchALoopOverTheLedgerAndTheContacts() {
    SparkSession spark = SparkTestSession.get();
    List<Ledger> ledgers = Ledger.random(33, 60);
    ledgers.add(
        new Ledger("pays-overdue-on-day-7", "Asia/Tokyo")
            .bill("2025-03-01", "2025-03-20", "100.00")
            .pay("2025-04-07", "60.00")
            .reversed("2025-04-06", "40.00", "2025-04-12")
            .pay("2025-04-07", "40.00"));
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate d = LocalDate.parse("2025-01-15"); d.isBefore(LocalDate.parse("2025-07-01")); ) {
      dates.add(d);
      d = d.plusDays(11);
    }
    dates.add(LocalDate.parse("2025-03-31"));
    // Contacts around the local day D+1, some just before and after its midnights.
    Random rnd = new Random(5);
    List<Contact> contacts = new ArrayList<>();
    String[][] kinds = {
      {"CALL", "NO_ANSWER"},
      {"CALL", "CONNECTED"},
      {"CALL", "PROMISE_TO_PAY"},
      {"SMS", "DELIVERED"},
      {"SMS", "UNDELIVERED"},
      {"PUSH", "READ"},
      {"LETTER", "DELIVERED"}
    };
    for (Ledger l : ledgers) {
      for (LocalDate d : dates) {
        if (rnd.nextDouble() < 0.5) {
          String[] k = kinds[rnd.nextInt(kinds.length)];
          int minutes = rnd.nextInt(3) == 0 ? (rnd.nextBoolean() ? 1 : 24 * 60 - 1) : 600;
          Instant at = d.plusDays(1).atStartOfDay(l.zone).toInstant().plusSeconds(minutes * 60L);
          contacts.add(new Contact(l.accountId, at, k[0], k[1]));
        }
      }
    }
    FeatureInputs in =
        new FeatureInputs(
            Ledger.accounts(spark, ledgers),
            null,
            Ledger.instalments(spark, ledgers),
            Ledger.repayments(spark, ledgers),
            contacts(spark, contacts),
            null,
            null,
            true);
    List<Row> rows =
        TreatmentOutcomes.build(new FeatureSources(in), Snapshots.of(dates)).collectAsList();
    assertThat(rows.get(0).schema().fieldNames())
        .containsExactly(TreatmentOutcomes.SCHEMA.fieldNames());

    TreeSet<String> got = new TreeSet<>();
    for (Row r : rows) {
      got.add(
          String.join(
              " ",
              r.<String>getAs("account_id"),
              r.getAs("as_of_date").toString(),
              "dpd=" + r.getAs("dpd_at_as_of"),
              "overdue=" + r.getAs("overdue_at_as_of"),
              r.<String>getAs("treatment"),
              "connected=" + r.getAs("call_connected"),
              "delivered=" + r.getAs("message_delivered"),
              "p7=" + r.getAs("paid_overdue_7d"),
              "p14=" + r.getAs("paid_overdue_14d"),
              "cured=" + r.getAs("cured_30d"),
              "recovered=" + r.getAs("recovered_30d"),
              "max=" + r.getAs("max_dpd_in_horizon")));
    }
    TreeSet<String> want = new TreeSet<>();
    int paid7 = 0;
    int calls = 0;
    for (Ledger l : ledgers) {
      for (LocalDate d : dates) {
        Ledger.DayState s = l.stateOn(d);
        if (s.dpd() < 1) {
          continue;
        }
        LocalDate contactDay = d.plusDays(1);
        boolean call = false;
        boolean connected = false;
        boolean message = false;
        boolean delivered = false;
        for (Contact c : contacts) {
          if (!c.account().equals(l.accountId)
              || !c.at().atZone(l.zone).toLocalDate().equals(contactDay)) {
            continue;
          }
          boolean isCall = c.channel().equals("CALL");
          boolean isMessage = List.of("SMS", "PUSH", "EMAIL").contains(c.channel());
          call |= isCall;
          connected |= isCall && !c.outcome().equals("NO_ANSWER");
          message |= isMessage;
          delivered |= isMessage && List.of("DELIVERED", "READ").contains(c.outcome());
        }
        BigDecimal p7 = paidBetween(l, d, 7);
        BigDecimal p14 = paidBetween(l, d, 14);
        BigDecimal p30 = paidBetween(l, d, 30);
        boolean cured = false;
        int max = 0;
        for (int k = 1; k <= 30; k++) {
          int dpd = l.stateOn(d.plusDays(k)).dpd();
          cured |= dpd == 0;
          max = Math.max(max, dpd);
        }
        boolean paidOverdue7 = p7.compareTo(s.overdue()) >= 0;
        paid7 += paidOverdue7 ? 1 : 0;
        calls += call ? 1 : 0;
        want.add(
            String.join(
                " ",
                l.accountId,
                d.toString(),
                "dpd=" + s.dpd(),
                "overdue=" + s.overdue(),
                call ? "CALL" : message ? "MESSAGE" : "NONE",
                "connected=" + connected,
                "delivered=" + delivered,
                "p7=" + (paidOverdue7 ? 1 : 0),
                "p14=" + (p14.compareTo(s.overdue()) >= 0 ? 1 : 0),
                "cured=" + (cured ? 1 : 0),
                "recovered=" + p30,
                "max=" + max));
      }
    }
    assertThat(got).isEqualTo(want);
    assertThat(paid7).as("some accounts pay their overdue within 7 days").isGreaterThan(3);
    assertThat(calls).as("some accounts are called").isGreaterThan(3);
    assertThat(want)
        .anyMatch(s -> s.startsWith("pays-overdue-on-day-7 2025-03-31") && s.contains("p7=1"));
  }

  /** Money in D+1..D+days on the account's local days, less reversals made in those days. */
  private static BigDecimal paidBetween(Ledger l, LocalDate d, int days) {
    BigDecimal sum = new BigDecimal("0.00");
    for (Ledger.Payment p : l.payments) {
      if (p.failed()) {
        continue;
      }
      if (within(p.paidAt().atZone(l.zone).toLocalDate(), d, days)) {
        sum = sum.add(p.amount());
      }
      if (p.reversedAt() != null && within(p.reversedAt().atZone(l.zone).toLocalDate(), d, days)) {
        sum = sum.subtract(p.amount());
      }
    }
    return sum.setScale(2);
  }

  private static boolean within(LocalDate day, LocalDate d, int days) {
    return day.isAfter(d) && !day.isAfter(d.plusDays(days));
  }

  private static Dataset<Row> contacts(SparkSession spark, List<Contact> contacts) {
    StructType schema =
        new StructType()
            .add("account_id", DataTypes.StringType, false)
            .add("contact_time", DataTypes.TimestampType, false)
            .add("channel", DataTypes.StringType, false)
            .add("outcome", DataTypes.StringType, false);
    List<Row> rows = new ArrayList<>();
    for (Contact c : contacts) {
      rows.add(RowFactory.create(c.account(), Timestamp.from(c.at()), c.channel(), c.outcome()));
    }
    return spark.createDataFrame(rows, schema);
  }
}
