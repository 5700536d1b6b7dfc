package io.callwise.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator alone, without Spark: determinism, consistency between tables, and its rates. */
class BookSimulatorTest {

  static final LocalDate START = LocalDate.parse("2025-01-01");

  static BookSimulator book(long seed, long accounts, int months, double defects) {
    return new BookSimulator(new SimulationParams(seed, accounts, START, months, defects));
  }

  @Test
  void sameSeedGivesIdenticalRowsAndAnotherSeedDoesNot() {
    BookSimulator a = book(11, 300, 12, 0.01);
    BookSimulator b = book(11, 300, 12, 0.01);
    BookSimulator c = book(12, 300, 12, 0.01);
    boolean anyDifference = false;
    for (long i = 0; i < 300; i++) {
      for (TableSpec spec : RawTables.ALL) {
        List<Object[]> x = a.rows(i, spec.name());
        List<Object[]> y = b.rows(i, spec.name());
        assertThat(x).hasSameSizeAs(y);
        for (int k = 0; k < x.size(); k++) {
          assertThat(x.get(k))
              .as("account %d %s row %d", i, spec.name(), k)
              .containsExactly(y.get(k));
        }
        anyDifference |= !deepEqual(x, c.rows(i, spec.name()));
      }
    }
    assertThat(anyDifference).as("another seed changes the book").isTrue();
  }

  @Test
  void tablesTellOneConsistentStory() {
    BookSimulator sim = book(3, 800, 12, 0);
    Instant exportedAt = SyntheticBook.exportedAt(sim.params());
    Instant start = START.atStartOfDay(java.time.ZoneOffset.UTC).minusSeconds(86_400).toInstant();
    Set<String> accounts = new HashSet<>();
    long dueAfterTheBook = 0;
    Map<String, Integer> columnOfTime =
        Map.of(
            "transactions", 2, "repayments", 2, "contacts", 2, "complaints", 2, "arrangements", 3);
    for (long i = 0; i < 800; i++) {
      for (Object[] row : sim.rows(i, "accounts")) {
        accounts.add((String) row[0]);
        assertThat(Instant.parse((String) row[1])).isBefore(exportedAt);
      }
      for (TableSpec spec : RawTables.ALL.subList(1, RawTables.ALL.size())) {
        for (Object[] row : sim.rows(i, spec.name())) {
          assertThat(row).hasSize(spec.fields().size());
          assertThat(accounts)
              .as("%s refers to a known account", spec.name())
              .contains((String) row[1]);
          Integer t = columnOfTime.get(spec.name());
          if (t != null) {
            Instant at = Instant.parse((String) row[t]);
            assertThat(at).as("%s time", spec.name()).isBetween(start, exportedAt);
          }
          if (spec.name().equals("repayments") && "REVERSED".equals(row[5])) {
            assertThat(Instant.parse((String) row[6])).isAfter(Instant.parse((String) row[2]));
          }
          if (spec.name().equals("instalments")) {
            LocalDate statement = LocalDate.parse((String) row[2]);
            LocalDate due = LocalDate.parse((String) row[3]);
            assertThat(due).isAfter(statement);
            assertThat(statement).as("billed before the export").isBefore(sim.params().end());
            if (!due.isBefore(sim.params().end())) {
              dueAfterTheBook++;
            }
          }
        }
      }
    }
    assertThat(dueAfterTheBook)
        .as("instalments billed in the book and due after it: the next due date on its last day")
        .isGreaterThan(800 / 4);
  }

  /**
   * Accounts of the benchmark's 1M book (seed 7) whose borrower complained of harassment on the
   * book's last day and was put on do-not-contact: that version is recorded the next day, after the
   * export, so it is not in the book (ingest would quarantine it as DATE_IN_FUTURE).
   */
  @Test
  void noAccountVersionPostdatesTheExport() {
    BookSimulator sim = book(7, 1_000_000, 12, 0);
    Instant exportedAt = SyntheticBook.exportedAt(sim.params());
    for (long i : new long[] {321_703, 338_595, 137_023, 840_573, 146_747, 282_869, 461_134}) {
      List<Object[]> versions = sim.rows(i, "accounts");
      assertThat(versions).isNotEmpty();
      for (Object[] row : versions) {
        assertThat(Instant.parse((String) row[1])).as("account %d version", i).isBefore(exportedAt);
      }
    }
  }

  /**
   * Statements follow the ledger: only credit lines have them; each instalment of a credit line is
   * the minimum due of the statement with its due date, cut on the same day; a statement without an
   * instalment owes nothing; each balance is the previous one plus the cycle's purchases, interest
   * and fees less its payments; purchases never take the balance past the limit.
   */
  @Test
  void statementsAreTheCreditLinesLedger() {
    BookSimulator sim = book(5, 400, 12, 0);
    long statements = 0;
    for (long i = 0; i < 400; i++) {
      String product = (String) sim.rows(i, "accounts").get(0)[3];
      List<Object[]> rows = sim.rows(i, "statements");
      if (!product.equals("CREDIT_LINE")) {
        assertThat(rows).as("statements of a %s", product).isEmpty();
        continue;
      }
      Map<String, Object[]> statementByDue = new HashMap<>();
      for (Object[] st : rows) {
        statementByDue.put((String) st[3], st);
      }
      for (Object[] inst : sim.rows(i, "instalments")) {
        Object[] st = statementByDue.remove((String) inst[3]);
        assertThat(st).as("a statement due on %s", inst[3]).isNotNull();
        assertThat(st[2]).as("cut when billed").isEqualTo(inst[2]);
        assertThat(st[5]).as("minimum due = amount due").isEqualTo(inst[7]);
      }
      for (Object[] st : statementByDue.values()) {
        assertThat(cents(st[5])).as("no instalment: nothing due").isZero();
        assertThat(cents(st[4])).as("nothing due: nothing owed").isLessThanOrEqualTo(0);
      }
      Long previous = null;
      for (Object[] st : rows) {
        long balance = cents(st[4]);
        long charges = cents(st[10]) + cents(st[11]);
        assertThat(cents(st[5])).isLessThanOrEqualTo(Math.max(0, balance));
        assertThat(cents(st[7]) + cents(st[8]) - cents(st[9]) + charges)
            .as("balance identity of %s", st[0])
            .isEqualTo(balance);
        if (previous != null) {
          assertThat(cents(st[7])).as("previous balance of %s", st[0]).isEqualTo(previous);
        }
        if (cents(st[8]) > 0) {
          assertThat(balance - charges).isLessThanOrEqualTo(Math.max(cents(st[6]), cents(st[7])));
        }
        previous = balance;
        statements++;
      }
    }
    assertThat(statements).as("a third of 400 accounts are credit lines").isGreaterThan(960L);
  }

  /**
   * The credit lines pay and use their limits as card holders of large US banks do (FR Y-14M,
   * Federal Reserve Bank of Philadelphia: of active accounts, 35.9 % pay the full balance, 10.8 %
   * only the minimum and 27.9 % something between, second quarter of 2025; utilization 7.6 % at the
   * median, 51.8 % at the 75th and 94.1 % at the 90th percentile, second quarter of 2024); and
   * revolving carries the risk it carries in real books: lines that pay the minimum or run near
   * their limit fall 30 days behind far more often, maxed-out lines about a third of them in a
   * year, and lines falling behind were using most of their limit (New York Fed, May 2024).
   */
  @Test
  void creditLinesPayAndRevolveLikeRealCards() {
    int n = 6000;
    BookSimulator sim = book(11, n, 12, 0);
    int full = 0;
    int minimumOnly = 0;
    int between = 0;
    int less = 0;
    List<Double> utilization = new ArrayList<>();
    int[][] byUse = new int[2][2]; // [near the limit?][ever 30+?]
    int[][] byPaying = new int[2][2]; // [mostly the minimum?][ever 30+?]
    List<Double> useOfNewlyBehind = new ArrayList<>();
    List<Double> useOfCurrent = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      if (!sim.rows(i, "accounts").get(0)[3].equals("CREDIT_LINE")) {
        continue;
      }
      List<Object[]> payments = sim.rows(i, "repayments");
      List<Object[]> rows = sim.rows(i, "statements");
      int owing = 0;
      int minimumOnlyHere = 0;
      double lastUse = 0;
      for (Object[] st : rows) {
        long balance = cents(st[4]);
        lastUse = balance / (double) cents(st[6]);
        utilization.add(Math.max(0, lastUse));
        LocalDate cut = LocalDate.parse((String) st[2]);
        LocalDate due = LocalDate.parse((String) st[3]);
        if (balance <= 0 || !due.isBefore(START.plusMonths(12))) {
          continue;
        }
        long paid = 0;
        for (Object[] p : payments) {
          LocalDate day =
              LocalDate.ofInstant(Instant.parse((String) p[2]), java.time.ZoneOffset.UTC);
          if (!p[5].equals("FAILED") && day.isAfter(cut) && !day.isAfter(due.plusDays(1))) {
            paid += cents(p[3]);
          }
        }
        long minimum = cents(st[5]);
        owing++;
        if (paid >= balance) {
          full++;
        } else if (paid >= minimum && paid < minimum + 100) {
          minimumOnly++;
          minimumOnlyHere++;
        } else if (paid >= minimum) {
          between++;
        } else {
          less++;
        }
      }
      boolean ever30 = (Boolean) sim.rows(i, BookSimulator.TRUTH_BORROWERS).get(0)[6];
      if (!rows.isEmpty()) {
        byUse[lastUse >= 0.8 ? 1 : 0][ever30 ? 1 : 0]++;
      }
      // utilization at the last statement before the first month that ended past due
      List<Object[]> months = sim.rows(i, BookSimulator.TRUTH_MONTHLY);
      LocalDate firstBehind = null;
      for (Object[] m : months) {
        if ((Integer) m[5] > 0) {
          firstBehind = ((java.sql.Date) m[1]).toLocalDate().plusMonths(1);
          break;
        }
      }
      Double before = null;
      for (Object[] st : rows) {
        if (firstBehind == null
            || LocalDate.parse((String) st[2]).isBefore(firstBehind.minusMonths(1))) {
          before = cents(st[4]) / (double) cents(st[6]);
        }
      }
      if (before != null) {
        (firstBehind == null ? useOfCurrent : useOfNewlyBehind).add(Math.max(0, before));
      }
      if (owing >= 3) {
        byPaying[minimumOnlyHere * 2 >= owing ? 1 : 0][ever30 ? 1 : 0]++;
      }
    }
    int owed = full + minimumOnly + between + less;
    utilization.sort(Double::compare);
    double p50 = utilization.get(utilization.size() / 2);
    double p75 = utilization.get(utilization.size() * 3 / 4);
    double p90 = utilization.get(utilization.size() * 9 / 10);
    assertThat(full / (double) owed).as("statements paid in full").isBetween(0.42, 0.60);
    assertThat(minimumOnly / (double) owed)
        .as("statements paid at the minimum")
        .isBetween(0.07, 0.18);
    assertThat(between / (double) owed).as("statements paid between").isBetween(0.25, 0.42);
    assertThat(less / (double) owed).as("statements paid below the minimum").isBetween(0.01, 0.08);
    assertThat(p50).as("median utilization").isBetween(0.04, 0.15);
    assertThat(p75).as("75th percentile of utilization").isBetween(0.25, 0.60);
    assertThat(p90).as("90th percentile of utilization").isBetween(0.80, 1.05);
    useOfNewlyBehind.sort(Double::compare);
    useOfCurrent.sort(Double::compare);
    assertThat(useOfNewlyBehind.get(useOfNewlyBehind.size() / 2))
        .as("median utilization before falling behind (New York Fed: about 90 %%)")
        .isGreaterThan(0.45);
    assertThat(useOfCurrent.get(useOfCurrent.size() / 2))
        .as("median utilization of lines that stay current (New York Fed: 13 %%)")
        .isLessThan(0.2);
    assertThat(rate(byUse[1]))
        .as("lines near the limit falling 30+ behind in the year (New York Fed: about a third)")
        .isBetween(0.2, 0.45);
    assertThat(rate(byUse[1]))
        .as("30+ days behind: lines at 80 %% of the limit or more against the rest")
        .isGreaterThan(2 * rate(byUse[0]));
    assertThat(rate(byPaying[1]))
        .as("30+ days behind: lines paying the minimum half the time or more against the rest")
        .isGreaterThan(1.3 * rate(byPaying[0]));
  }

  /** Events ÷ all of {@code [non-events, events]}. */
  private static double rate(int[] counts) {
    return counts[1] / (double) Math.max(1, counts[0] + counts[1]);
  }

  private static long cents(Object money) {
    return new java.math.BigDecimal((String) money).movePointRight(2).longValueExact();
  }

  @Test
  void ratesAreThoseOfARealisticBook() {
    int n = 5000;
    BookSimulator sim = book(42, n, 12, 0);
    int ever1 = 0;
    int ever30 = 0;
    int chargedOff = 0;
    Map<String, int[]> deepByType = new HashMap<>();
    int messages = 0;
    int undelivered = 0;
    int badMessages = 0;
    int badUndelivered = 0;
    int complaints = 0;
    int hardship = 0;
    for (long i = 0; i < n; i++) {
      Object[] truth = sim.rows(i, BookSimulator.TRUTH_BORROWERS).get(0);
      boolean bad = (Boolean) truth[2];
      ever1 += (Boolean) truth[7] ? 1 : 0;
      ever30 += (Boolean) truth[6] ? 1 : 0;
      chargedOff += (Boolean) truth[8] ? 1 : 0;
      if ((Boolean) truth[7]) {
        int[] counts = deepByType.computeIfAbsent((String) truth[1], k -> new int[2]);
        counts[0]++;
        counts[1] += (Integer) truth[5] > 30 ? 1 : 0;
      }
      for (Object[] c : sim.rows(i, "contacts")) {
        if (c[3].equals("SMS") || c[3].equals("EMAIL")) {
          boolean und = c[4].equals("UNDELIVERED");
          if (bad) {
            badMessages++;
            badUndelivered += und ? 1 : 0;
          } else {
            messages++;
            undelivered += und ? 1 : 0;
          }
        }
      }
      complaints += sim.rows(i, "complaints").size();
      hardship +=
          (int)
              sim.rows(i, "arrangements").stream()
                  .filter(a -> a[2].equals("HARDSHIP_PLAN"))
                  .count();
    }
    assertThat(ever1 / (double) n).as("ever 1+ days past due").isBetween(0.10, 0.26);
    assertThat(ever30 / (double) n).as("ever 30+ days past due").isBetween(0.03, 0.10);
    assertThat(chargedOff / (double) n).as("charged off within a year").isBetween(0.002, 0.03);
    assertThat(undelivered / (double) messages)
        .as("undelivered, good contact details")
        .isLessThan(0.10);
    assertThat(badUndelivered / (double) badMessages)
        .as("undelivered, bad contact details")
        .isGreaterThan(0.6);
    assertThat(complaints).isPositive();
    assertThat(hardship).isPositive();
    double selfCurersGoingDeep = share(deepByType.get("SELF_CURER"));
    double nonRespondersGoingDeep = share(deepByType.get("NON_RESPONDER"));
    assertThat(selfCurersGoingDeep)
        .as("self-curers rarely roll past 30 days")
        .isLessThan(nonRespondersGoingDeep / 2);
  }

  @Test
  void defectsAreRareDeterministicAndRecorded() {
    BookSimulator sim = book(5, 400, 6, 0.01);
    long rows = 0;
    List<Object[]> recorded = new ArrayList<>();
    for (long i = 0; i < 400; i++) {
      for (TableSpec spec : RawTables.ALL) {
        rows += sim.rows(i, spec.name()).size();
      }
      recorded.addAll(sim.rows(i, BookSimulator.TRUTH_DEFECTS));
    }
    assertThat(recorded.size() / (double) rows).isBetween(0.005, 0.02);
    assertThat(recorded).allSatisfy(d -> assertThat((String) d[2]).isNotBlank());
  }

  @Test
  void shortAndLongHistoriesWork() {
    // a one-month book: that month's instalment and, billed in it, the next month's
    assertThat(book(1, 50, 1, 0).rows(7, "instalments").size()).isLessThanOrEqualTo(2);
    long instalments = 0;
    for (long i = 0; i < 50; i++) {
      instalments += book(1, 50, 36, 0).rows(i, "instalments").size();
    }
    assertThat(instalments).isGreaterThan(50L * 12);
  }

  private static double share(int[] counts) {
    return counts == null || counts[0] == 0 ? 0 : counts[1] / (double) counts[0];
  }

  private static boolean deepEqual(List<Object[]> x, List<Object[]> y) {
    if (x.size() != y.size()) {
      return false;
    }
    for (int k = 0; k < x.size(); k++) {
      if (!java.util.Arrays.equals(x.get(k), y.get(k))) {
        return false;
      }
    }
    return true;
  }
}
