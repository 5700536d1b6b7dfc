package io.callwise.synth;

import io.callwise.contract.Codes.AccountStatus;
import io.callwise.contract.Codes.ArrangementStatus;
import io.callwise.contract.Codes.ArrangementType;
import io.callwise.contract.Codes.Channel;
import io.callwise.contract.Codes.ComplaintCategory;
import io.callwise.contract.Codes.ContactOutcome;
import io.callwise.contract.Codes.PaymentMethod;
import io.callwise.contract.Codes.PaymentStatus;
import io.callwise.contract.Codes.Product;
import io.callwise.contract.Codes.TxnStatus;
import io.callwise.contract.Codes.TxnType;
import io.callwise.ingest.ReasonCode;
import java.io.Serializable;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Simulates one account's life, day by day, and emits the rows of one table of the raw contract (or
 * of the ground truth). Pure and deterministic: the random stream of account {@code i} depends only
 * on the seed and {@code i}, so the book is the same however Spark partitions the accounts.
 *
 * <p>The model, in short (docs/SYNTHETIC_BOOK.md has the full story and the rates it produces):
 *
 * <ul>
 *   <li>Latent health {@code H = base + drift + shock}: base is the borrower's lasting capacity,
 *       drift a slow AR(1) walk, shock the decaying effect of life events (job loss, medical bills,
 *       family events; a raise or a new job lifts it). H is updated at each month start.
 *   <li>H drives spending, inflows, failed insufficient-funds attempts, utilization, whether an
 *       instalment is paid on time, late, partly or not at all, and how fast arrears cure.
 *   <li>Each borrower has a hidden response type: cures alone (self-curer), after a connected call
 *       (call responder), after a delivered message (message responder), or hardly at all.
 *   <li>Collections contacts follow a plausible historical policy with randomization: reminders
 *       early, calls to long and large debts. Bad contact details make messages undelivered and
 *       calls reach the wrong party. Frequent calls raise harassment complaints, some of which end
 *       in a do-not-contact request; stressed borrowers sometimes get a hardship plan.
 *   <li>Charge-off at 180 days past due.
 * </ul>
 */
public final class BookSimulator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Ground-truth tables; no feature, label or model may read them. */
  public static final String TRUTH_BORROWERS = "truth_borrowers";

  public static final String TRUTH_MONTHLY = "truth_monthly";
  public static final String TRUTH_DEFECTS = "truth_defects";

  static final List<String> RAW_TABLES =
      List.of(
          "accounts",
          "transactions",
          "instalments",
          "statements",
          "repayments",
          "contacts",
          "complaints",
          "arrangements");

  static final String[][] REGIONS = {
    {"US-NE", "America/New_York"},
    {"US-SE", "America/New_York"},
    {"US-MW", "America/Chicago"},
    {"US-SW", "America/Denver"},
    {"US-W", "America/Los_Angeles"},
    {"US-AK", "America/Anchorage"},
    {"US-HI", "Pacific/Honolulu"}
  };
  static final double[] REGION_WEIGHTS = {0.22, 0.18, 0.21, 0.09, 0.26, 0.02, 0.02};

  /**
   * How a simulated borrower responds to collection: cures alone, after a call, after a message, or
   * not at all (the ground truth's {@code response_type}).
   */
  public enum ResponseType {
    SELF_CURER,
    CALL_RESPONDER,
    MESSAGE_RESPONDER,
    NON_RESPONDER
  }

  /**
   * What a collections strategy does to an account on the contact date (the decision's next day).
   */
  public enum Arm {
    CALL,
    MESSAGE,
    NONE
  }

  /** What collection contact follows a counterfactual's contact date. */
  public enum After {
    /** None: the arm's effect alone (how the simulated effects are calibrated). */
    NO_CONTACT,
    /**
     * The book's usual collection process (reminders on fixed days, calls by DPD and amount), as in
     * the history models learn from: the night's decision, then business as usual.
     */
    USUAL_PROCESS
  }

  /**
   * A counterfactual night: the account lives its recorded history up to the end of {@code
   * decisionDate}, then on the contact date gets {@code arm} (and nothing else), then {@code after}
   * until {@code horizonDays} after the decision date. Every day after the decision date draws from
   * its own random stream, seeded by (seed, account, replicate, day): two arms of the same
   * replicate meet the same luck on the same day (common random numbers), so their difference is
   * the arm's.
   */
  public record Intervention(
      LocalDate decisionDate, Arm arm, int horizonDays, long replicate, After after)
      implements Serializable {

    public Intervention {
      if (horizonDays < 7 || horizonDays > 90) {
        throw new IllegalArgumentException("the horizon must be 7 to 90 days, got " + horizonDays);
      }
    }
  }

  /**
   * What happened to an account over an intervention's horizon.
   *
   * @param delinquent whether the account was open and past due at the end of the decision date
   * @param dpdAtDecision DPD at the decision date
   * @param overdueCents amount past due at the decision date
   * @param recoveredCents money received in D+1..D+horizon, less reversals in it
   * @param paidOverdue7d whether D+1..D+7 brought in at least the overdue amount
   * @param paidOverdue14d the same over D+1..D+14
   * @param cured whether DPD came back to 0 on some day of the horizon
   * @param maxDpd the largest DPD in the horizon
   * @param calls call attempts on the contact date (the arm's)
   * @param connected whether the arm's call reached the borrower
   * @param messageDelivered whether the arm's message was delivered
   * @param complaints complaints raised in the horizon
   * @param writtenOff whether the account was written off in the horizon
   */
  public record Outcome(
      boolean delinquent,
      int dpdAtDecision,
      long overdueCents,
      long recoveredCents,
      boolean paidOverdue7d,
      boolean paidOverdue14d,
      boolean cured,
      int maxDpd,
      int calls,
      boolean connected,
      boolean messageDelivered,
      int complaints,
      boolean writtenOff)
      implements Serializable {}

  /** The epoch day of an event that never happened: ten thousand years before 1970. */
  private static final long NEVER = -3_652_500L;

  private static final long COUNTERFACTUAL_SALT = 0x6A09E667F3BCC908L;

  /** A health shock of a month (the ground truth's {@code shock}): all hurt but a new income. */
  enum Shock {
    JOB_LOSS,
    MEDICAL,
    FAMILY,
    NEW_INCOME
  }

  private static final String[] MCC_EVERYDAY = {"5411", "5812", "5541", "5999", "4121", "5732"};
  private static final String[] TXN_TYPES = {
    TxnType.PURCHASE.name(),
    TxnType.TOP_UP.name(),
    TxnType.TRANSFER_IN.name(),
    TxnType.TRANSFER_OUT.name(),
    TxnType.CASH_WITHDRAWAL.name(),
    TxnType.REFUND.name(),
    TxnType.FEE.name()
  };

  /** Monthly count of each transaction type for an average borrower. */
  private static final double[] TXN_RATE = {4.5, 1.8, 1.0, 0.8, 0.3, 0.15, 0.1};

  /**
   * Purchase APR of a credit line: 24.62 %, the average of general-purpose cards at large US banks
   * in the first quarter of 2025 (Federal Reserve Bank of Philadelphia, FR Y-14M).
   */
  static final double APR = 0.2462;

  /**
   * Log-odds added to a credit line's monthly miss probability at 100 % utilization (linear from 0
   * at 60 %): odds × 4.5 for a maxed-out line.
   */
  static final double MAXED_OUT_EFFECT = 2.2;

  /** Late fee of a schedule line billed while behind, in cents. */
  static final long LATE_FEE = 2900;

  /**
   * Daily chance that a call responder pays in the days after a conversation with an agent, and
   * what a conversation adds to the others' (an eighth of it to non-responders). Calibrated so that
   * a conversation raises the share of early-delinquent borrowers (1-30 DPD) paying what is overdue
   * within 14 days by about 30 points over no contact: borrowers who spoke with a randomly assigned
   * bank agent were 34.4 points more likely to repay on time (Laudenbach, Pirschel and Siegel,
   * "Personal Communication in an Automated World", Journal of Finance).
   */
  static final double CALL_RESPONDER_HAZARD = 0.6;

  static final double TALK_LIFT = 0.25;

  /** Days after a conversation (the call's day is day 0) its effect on paying lasts. */
  static final int TALK_DAYS = 6;

  /**
   * Share of the statement balance a revolver pays down on top of the month's capacity: balances
   * settle where purchases beyond the capacity equal this pay-down.
   */
  static final double PAY_DOWN = 0.03;

  /** Least minimum due of a credit-line statement, in cents (the usual $25 floor). */
  static final long MIN_PAYMENT_FLOOR = 2500;

  /** Median amount of each transaction type, in cents. */
  private static final double[] TXN_MEDIAN = {2500, 12000, 20000, 8000, 6000, 3000, 300};

  private final SimulationParams params;
  private final long startDay;
  private final long endDay;

  public BookSimulator(SimulationParams params) {
    this.params = params;
    this.startDay = params.start().toEpochDay();
    this.endDay = params.end().toEpochDay();
  }

  public SimulationParams params() {
    return params;
  }

  /** Account identifier of account number {@code index}. */
  public static String accountId(long index) {
    return String.format("A%010d", index);
  }

  /** The rows account {@code index} contributes to {@code table}. */
  public List<Object[]> rows(long index, String table) {
    if (table.equals(TRUTH_DEFECTS)) {
      List<Object[]> defects = new ArrayList<>();
      for (String raw : RAW_TABLES) {
        Run run = new Run(index, raw);
        run.recordDefects = true;
        run.simulate();
        defects.addAll(run.out);
      }
      return defects;
    }
    Run run = new Run(index, table);
    run.simulate();
    return run.out;
  }

  /**
   * Account {@code index} under an intervention. The decision date must leave the whole horizon
   * inside the simulated period.
   */
  public Outcome counterfactual(long index, Intervention intervention) {
    long d = intervention.decisionDate().toEpochDay();
    if (d < startDay || d + intervention.horizonDays() >= endDay) {
      throw new IllegalArgumentException(
          "decision date "
              + intervention.decisionDate()
              + " with a "
              + intervention.horizonDays()
              + "-day horizon does not fit in the simulated period "
              + params.start()
              + " .. "
              + params.end().minusDays(1));
    }
    Run run = new Run(index, "");
    run.intervention = intervention;
    run.simulate();
    return run.outcome();
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  // ===================================================================== one account's run

  private final class Run {
    final long index;
    final String target;
    final List<Object[]> out = new ArrayList<>();
    SplittableRandom rnd;
    final String id;
    final ZoneId zone;
    final String region;
    final String product;
    final ResponseType responseType;
    final boolean badContact;
    final boolean autoDebit;
    final double base;
    final double activity;
    final int dueDayOfMonth;
    final long openDay;
    final long creditLimitCents;
    final int termMonths;
    final int instalmentsLeft;
    final boolean consentCall;
    final boolean consentSms;
    final boolean consentPush;
    final boolean consentEmail;
    final boolean revolving;

    /**
     * How this borrower pays a statement: above 0 leans to the full balance, below to the minimum.
     */
    final double payTrait;

    /** Purchases of an average month, as a share of the limit. */
    final double spendRate;

    // evolving state
    double drift;
    double shock;
    double health;
    Shock monthShock;
    int score;
    String status = AccountStatus.ACTIVE.name();
    long statusDay = -1;
    boolean dnc;
    long creditCents;
    boolean stopped;
    int seqTxn;
    int seqInst;
    int seqPay;
    int seqContact;
    int seqComplaint;
    int seqArrangement;
    // Far in the past, not Long.MIN_VALUE: "day - last <= 3" must not overflow into true.
    long lastConnectedCallDay = NEVER;
    long lastDeliveredMessageDay = NEVER;
    long hardshipUntil = Long.MIN_VALUE;
    long disputeUntil = Long.MIN_VALUE;
    boolean legalHold;
    final ArrayDeque<Long> recentCalls = new ArrayDeque<>();
    final ArrayDeque<long[]> billed = new ArrayDeque<>(); // {dueDay, remainingCents}
    final PriorityQueue<long[]> planned =
        new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0])); // {day, cents, method, kind}
    int maxDpd;
    boolean ever30;
    int shocks;
    int defectCount;
    boolean recordDefects;
    // the revolving ledger of a credit line, in cents
    long balanceCents;
    long lastStatementBalance;
    long cyclePaid;
    long cycleReversed;
    int seqStatement;
    // a counterfactual run (null for the book itself) and what it measures after the decision
    Intervention intervention;
    long today;
    boolean delinquentAtDecision;
    int dpdAtDecision;
    long overdueAtDecision;
    long recovered;
    boolean paid7;
    boolean paid14;
    boolean cured;
    int horizonMaxDpd;
    int horizonCalls;
    boolean horizonConnected;
    boolean horizonDelivered;
    int horizonComplaints;

    Run(long index, String target) {
      this.index = index;
      this.target = target;
      this.rnd = new SplittableRandom(mix(params.seed(), index));
      this.id = accountId(index);
      int r = pick(REGION_WEIGHTS);
      this.region = REGIONS[r][0];
      this.zone = ZoneId.of(REGIONS[r][1]);
      double p = rnd.nextDouble();
      this.product =
          p < 0.40
              ? Product.CREDIT_LINE.name()
              : p < 0.75 ? Product.PAY_LATER.name() : Product.INSTALMENT_LOAN.name();
      this.base = 0.25 + 0.9 * gaussian();
      this.activity = Math.exp(0.45 * gaussian());
      double[] typeWeights = {
        Math.max(0.05, 0.30 + 0.08 * base), 0.25, 0.22, Math.max(0.05, 0.23 - 0.08 * base),
      };
      this.responseType = ResponseType.values()[pick(typeWeights)];
      this.badContact = rnd.nextDouble() < 0.07;
      this.autoDebit = rnd.nextDouble() < 0.55;
      this.dueDayOfMonth = rnd.nextDouble() < 0.85 ? 1 + rnd.nextInt(28) : 29 + rnd.nextInt(3);
      long tenureDays;
      if (rnd.nextDouble() < 0.85) {
        tenureDays = -(30L + rnd.nextInt(48 * 30));
      } else {
        tenureDays = rnd.nextInt((int) (endDay - startDay));
      }
      this.openDay = startDay + tenureDays;
      double limit = Math.exp(Math.log(1200) + 0.3 * base + 0.45 * gaussian());
      if (product.equals(Product.INSTALMENT_LOAN.name())) {
        limit *= 1.8;
      }
      this.creditLimitCents = Math.max(10_000L, Math.round(limit / 50.0) * 5000L);
      this.termMonths = 12 + 6 * rnd.nextInt(5);
      this.instalmentsLeft = openDay < startDay ? 3 + rnd.nextInt(termMonths) : termMonths;
      this.consentCall = rnd.nextDouble() < 0.86;
      this.consentSms = rnd.nextDouble() < 0.92;
      this.consentPush = rnd.nextDouble() < 0.70;
      this.consentEmail = rnd.nextDouble() < 0.80;
      this.dnc = rnd.nextDouble() < 0.01;
      this.drift = 0.3 * gaussian();
      this.health = base + drift;
      this.score = scoreOf(health);
      this.revolving = Product.valueOf(product).revolving();
      this.payTrait = revolving ? gaussian() : 0;
      this.spendRate = revolving ? Math.min(0.6, 0.05 * activity * Math.exp(0.9 * gaussian())) : 0;
      if (revolving && openDay < startDay) {
        balanceCents = warmBalance(Math.min(12, (startDay - openDay) / 30));
        lastStatementBalance = balanceCents;
      }
    }

    // ------------------------------------------------------------ the day loop

    void simulate() {
      long first = Math.max(openDay, startDay);
      accountVersion(first, first == openDay ? 0 : 6 * 3600);
      LocalDate month = LocalDate.ofEpochDay(first).withDayOfMonth(1);
      long last = lastDay();
      while (!stopped && month.toEpochDay() <= last) {
        afterDecision(month.toEpochDay(), true);
        startMonth(month, first);
        long monthEnd = Math.min(month.plusMonths(1).toEpochDay(), endDay);
        for (long day = Math.max(first, month.toEpochDay());
            day < monthEnd && day <= last && !stopped;
            day++) {
          afterDecision(day, false);
          today = day;
          simulateDay(day);
          measure(day);
        }
        if (target.equals(TRUTH_MONTHLY)) {
          out.add(
              new Object[] {
                id,
                Date.valueOf(month),
                health,
                missProbability(),
                monthShock == null ? null : monthShock.name(),
                dpd(monthEnd - 1),
                status
              });
        }
        month = month.plusMonths(1);
      }
      // The statement of the first instalment due after the book can fall inside it: the export
      // then holds it, as a lender's would, and the next due date is known on the last days.
      billInstalment(month);
      if (target.equals(TRUTH_BORROWERS)) {
        out.add(
            new Object[] {
              id,
              responseType.name(),
              badContact,
              base,
              activity,
              maxDpd,
              ever30,
              maxDpd > 0,
              status.equals(AccountStatus.WRITTEN_OFF.name()),
              shocks
            });
      }
    }

    void startMonth(LocalDate month, long first) {
      long m0 = month.toEpochDay();
      monthShock = null;
      if (m0 > startDay || first > startDay) {
        drift = 0.9 * drift + 0.13 * gaussian();
        shock *= 0.82;
        double u = rnd.nextDouble();
        if (u < 0.008) {
          shock -= 2.0;
          monthShock = Shock.JOB_LOSS;
        } else if (u < 0.015) {
          shock -= 1.3;
          monthShock = Shock.MEDICAL;
        } else if (u < 0.021) {
          shock -= 0.9;
          monthShock = Shock.FAMILY;
        } else if (u < 0.031) {
          shock += 0.5;
          monthShock = Shock.NEW_INCOME;
        }
        if (monthShock != null && monthShock != Shock.NEW_INCOME) {
          shocks++;
        }
        health = base + drift + shock;
      }
      int newScore = scoreOf(health);
      if ((month.getMonthValue() % 3 == 1) && m0 > first && Math.abs(newScore - score) >= 5) {
        score = newScore;
        accountVersion(m0, 2 * 3600);
      }
      transactionsForMonth(month, Math.max(first, m0));
      billInstalment(month);
      if (rnd.nextDouble() < 0.002) {
        complaint(
            Math.max(first, m0) + rnd.nextInt(28),
            rnd.nextDouble() < 0.5
                ? ComplaintCategory.FEE.name()
                : ComplaintCategory.BILLING_DISPUTE.name());
      }
      boolean loanRepaid =
          product.equals(Product.INSTALMENT_LOAN.name()) && seqInst >= instalmentsLeft;
      boolean wantsToClose = health > 0.8 && rnd.nextDouble() < 0.002;
      if (status.equals(AccountStatus.ACTIVE.name())
          && billed.isEmpty()
          && balanceCents <= 0
          && (loanRepaid || wantsToClose)
          && m0 + 10 < endDay
          && m0 + 10 > first) {
        status = AccountStatus.CLOSED.name();
        statusDay = m0 + 10;
        accountVersion(m0 + 10, 9 * 3600);
        stopped = true;
      }
    }

    /** The last simulated day: the book's, or a counterfactual's horizon end. */
    long lastDay() {
      return intervention == null
          ? endDay - 1
          : intervention.decisionDate().toEpochDay() + intervention.horizonDays();
    }

    /**
     * After a counterfactual's decision date, each day (and each month start) draws from a stream
     * of its own, the same for every arm of a replicate.
     */
    void afterDecision(long day, boolean monthStart) {
      if (intervention != null && day > intervention.decisionDate().toEpochDay()) {
        long seed = mix(mix(params.seed() ^ COUNTERFACTUAL_SALT, index), intervention.replicate());
        rnd = new SplittableRandom(mix(seed, monthStart ? ~day : day));
      }
    }

    /** A counterfactual's measures at the end of {@code day}. */
    void measure(long day) {
      if (intervention == null) {
        return;
      }
      long d = intervention.decisionDate().toEpochDay();
      if (day == d) {
        dpdAtDecision = dpd(day);
        overdueAtDecision = overdue(day);
        delinquentAtDecision = dpdAtDecision > 0 && !stopped;
        return;
      }
      if (day < d) {
        return;
      }
      int now = dpd(day);
      horizonMaxDpd = Math.max(horizonMaxDpd, now);
      if (delinquentAtDecision && now == 0) {
        cured = true;
      }
      if (overdueAtDecision > 0 && recovered >= overdueAtDecision) {
        paid7 |= day <= d + 7;
        paid14 |= day <= d + 14;
      }
    }

    boolean inHorizon() {
      return intervention != null && today > intervention.decisionDate().toEpochDay();
    }

    /** Whether today is a counterfactual's contact date, when its arm is applied. */
    boolean onContactDate() {
      return intervention != null && today == intervention.decisionDate().toEpochDay() + 1;
    }

    Outcome outcome() {
      return new Outcome(
          delinquentAtDecision,
          dpdAtDecision,
          overdueAtDecision,
          recovered,
          paid7,
          paid14,
          cured,
          horizonMaxDpd,
          horizonCalls,
          horizonConnected,
          horizonDelivered,
          horizonComplaints,
          status.equals(AccountStatus.WRITTEN_OFF.name())
              && statusDay > intervention.decisionDate().toEpochDay());
    }

    void simulateDay(long day) {
      while (!planned.isEmpty() && planned.peek()[0] <= day) {
        long[] p = planned.poll();
        if (p[3] == 1) {
          reverse(day, p[1]);
        } else if (p[3] == 2) {
          // A promise: kept or not by type and health; a stressed borrower often pays only part.
          if (rnd.nextDouble() < promiseKeepRate()) {
            long owed = overdue(day);
            double part = health < 0 ? 0.15 + 0.6 * rnd.nextDouble() : 1.0;
            pay(day, Math.round(owed * part), (int) p[2]);
          }
        } else {
          pay(day, p[1] == 0 ? overdue(day) : p[1], (int) p[2]);
        }
      }
      for (long[] b : billed) {
        if (b[0] == day && b[1] > 0) {
          dueToday(day, b);
          break;
        }
      }
      int dpd = dpd(day);
      if (dpd > 0) {
        delinquentDay(day, dpd);
      } else if (status.equals(AccountStatus.FROZEN.name())) {
        status = AccountStatus.ACTIVE.name();
        statusDay = day;
        accountVersion(day, 10 * 3600);
      }
    }

    // ------------------------------------------------------------ instalments and payments

    void billInstalment(LocalDate month) {
      LocalDate due = month.withDayOfMonth(Math.min(dueDayOfMonth, month.lengthOfMonth()));
      long dueDay = due.toEpochDay();
      long statementDay = dueDay - 21;
      if (statementDay < Math.max(openDay, startDay) || statementDay >= endDay || stopped) {
        return;
      }
      if (product.equals(Product.INSTALMENT_LOAN.name()) && seqInst >= instalmentsLeft) {
        return;
      }
      if (revolving) {
        statement(statementDay, due);
        return;
      }
      long principal;
      long interest;
      double utilization = Math.min(0.95, Math.max(0.05, 0.38 - 0.14 * health + 0.1 * gaussian()));
      if (product.equals(Product.INSTALMENT_LOAN.name())) {
        principal = creditLimitCents / termMonths;
        interest = Math.round(creditLimitCents * 0.26 / 12 * 0.6);
      } else {
        principal = Math.round(creditLimitCents * utilization * 0.25);
        interest = 0;
      }
      long fee = dpd(statementDay) > 0 ? LATE_FEE : 0;
      String outstanding = null;
      if (product.equals(Product.INSTALMENT_LOAN.name())) {
        // principal billed over the loan's life so far, this instalment included
        long billedPrincipal = principal * (termMonths - instalmentsLeft + seqInst + 1L);
        outstanding =
            money(Math.min(creditLimitCents, Math.max(0, creditLimitCents - billedPrincipal)));
      }
      schedule(statementDay, due, principal, interest, fee, outstanding);
    }

    /** Bills one schedule line; money received beyond earlier bills pays it first. */
    void schedule(
        long statementDay,
        LocalDate due,
        long principal,
        long interest,
        long fee,
        String principalOutstanding) {
      long amount = principal + interest + fee;
      seqInst++;
      billed.addLast(new long[] {due.toEpochDay(), amount});
      long applied = Math.min(creditCents, amount);
      if (applied > 0) {
        creditCents -= applied;
        billed.peekLast()[1] -= applied;
      }
      if (target.equals("instalments")) {
        emit(
            "instalments",
            id + "-I" + seqInst,
            new String[] {
              id + "-I" + seqInst,
              id,
              LocalDate.ofEpochDay(statementDay).toString(),
              due.toString(),
              money(principal),
              money(interest),
              money(fee),
              money(amount),
              principalOutstanding
            });
      }
    }

    // ------------------------------------------------------------ the revolving ledger

    /**
     * Closes a credit line's cycle: the cycle's purchases (fewer when behind, none when frozen,
     * more after a shock: borrowers bridge a lost income on the card), interest on the part of the
     * last statement left unpaid, a late fee when behind; the statement; and its minimum due,
     * billed as the schedule line with the same due date.
     */
    void statement(long statementDay, LocalDate due) {
      boolean frozen = status.equals(AccountStatus.FROZEN.name());
      int behind = dpd(statementDay);
      double stress = 1 + 0.8 * Math.max(0, -shock);
      double wanted = creditLimitCents * spendRate * stress * Math.exp(0.3 * gaussian());
      long room = Math.max(0, creditLimitCents - balanceCents);
      long purchases = frozen ? 0 : Math.min(room, Math.round(wanted * (behind > 0 ? 0.4 : 1)));
      long revolved = Math.max(0, lastStatementBalance - (cyclePaid - cycleReversed));
      long interest = Math.round(revolved * APR / 12);
      long fee = behind > 0 ? LATE_FEE : 0;
      long previous = lastStatementBalance;
      balanceCents += purchases + interest + fee;
      long net = cyclePaid - cycleReversed;
      long minimum = minimumDue(balanceCents, interest, fee);
      seqStatement++;
      if (target.equals("statements")) {
        emit(
            "statements",
            id + "-S" + seqStatement,
            new String[] {
              id + "-S" + seqStatement,
              id,
              LocalDate.ofEpochDay(statementDay).toString(),
              due.toString(),
              money(balanceCents),
              money(minimum),
              money(creditLimitCents),
              money(previous),
              // a returned payment larger than the cycle's payments shows among its debits
              money(purchases + Math.max(0, -net)),
              money(Math.max(0, net)),
              money(interest),
              money(fee)
            });
      }
      lastStatementBalance = balanceCents;
      cyclePaid = 0;
      cycleReversed = 0;
      if (minimum > 0) {
        long interestDue = Math.min(interest, minimum);
        long feeDue = Math.min(fee, minimum - interestDue);
        schedule(statementDay, due, minimum - interestDue - feeDue, interestDue, feeDue, null);
      }
    }

    /** 1 % of the balance plus the cycle's interest and fees, at least $25, at most the balance. */
    long minimumDue(long balance, long interest, long fee) {
      if (balance <= 0) {
        return 0;
      }
      return Math.min(
          balance, Math.max(MIN_PAYMENT_FLOOR, Math.round(balance * 0.01) + interest + fee));
    }

    /**
     * What the borrower can put toward the card this month: about a month's purchases, more for a
     * borrower inclined to clear the balance ({@code payTrait}), less under stress.
     */
    double paymentCapacity(double noise) {
      return creditLimitCents
          * spendRate
          * Math.exp(0.15 + 0.75 * payTrait + 1.1 * (health - 0.25) + 0.4 * noise);
    }

    /**
     * What a credit-line borrower who pays on time sends: as much of the statement balance as the
     * month's capacity and a pay-down of the balance allow, never less than what is left of the
     * minimum ({@code due}). Whoever spends more than they can repay revolves a growing balance
     * toward the limit and ends up paying the minimum.
     */
    long revolvingPayment(long due) {
      long statementLeft = Math.max(0, lastStatementBalance - cyclePaid + cycleReversed);
      long capacity = Math.round(paymentCapacity(gaussian()) + PAY_DOWN * statementLeft);
      return Math.max(due, Math.min(statementLeft, capacity));
    }

    /**
     * The balance of a line opened {@code cycles} months before the book starts: its purchases,
     * payments and interest from a zero balance, without the month-to-month noise.
     */
    long warmBalance(long cycles) {
      double b = 0;
      double capacity = paymentCapacity(0);
      for (long c = 0; c < cycles; c++) {
        b = Math.min(creditLimitCents, b + creditLimitCents * spendRate);
        double paid =
            Math.min(b, Math.max(minimumDue(Math.round(b), 0, 0), capacity + PAY_DOWN * b));
        b = (b - paid) * (1 + APR / 12);
      }
      return Math.max(0, Math.round(b));
    }

    void dueToday(long day, long[] instalment) {
      if (stopped) {
        return;
      }
      double pMiss = missProbability();
      int behind = dpd(day);
      // Borrowers already well behind mostly stop paying new instalments on time.
      pMiss = 1 - (1 - pMiss) * (behind >= 30 ? 0.45 : behind > 0 ? 0.8 : 1.0);
      if (day <= hardshipUntil) {
        pMiss *= 0.4;
      }
      double u = rnd.nextDouble();
      long due = instalment[1];
      if (u < pMiss) {
        if (autoDebit) {
          failedAttempt(day, due, 0);
        }
        return;
      }
      double v = rnd.nextDouble();
      long amount = revolving ? revolvingPayment(due) : due;
      if (v < 0.006) {
        // Late but self-curing: the many borrowers who pay a few days late on their own.
        planned.add(new long[] {day + 1 + rnd.nextInt(6), 0, 1, 0});
      } else if (v < 0.009) {
        long part = Math.round(due * (0.4 + 0.5 * rnd.nextDouble()));
        pay(day, part, 1);
        planned.add(new long[] {day + 2 + rnd.nextInt(10), 0, 1, 0});
      } else if (autoDebit) {
        pay(day, amount, 0);
      } else {
        long early = Math.min(5, rnd.nextInt(6));
        long payDay = Math.max(day - early, startDay);
        // Paying a little more than due now and then leaves a credit for the next instalment.
        if (!revolving && rnd.nextDouble() < 0.03) {
          amount = due + 1000 * (1 + rnd.nextInt(5));
        }
        pay(payDay, amount, 1);
      }
    }

    void pay(long day, long cents, int method) {
      if (cents <= 0 || stopped) {
        return;
      }
      seqPay++;
      if (inHorizon()) {
        recovered += cents;
      }
      String rid = id + "-P" + seqPay;
      boolean reversed = rnd.nextDouble() < 0.0015;
      long at = localInstant(day, 7 + rnd.nextInt(15), rnd.nextInt(60));
      String reversedAt = null;
      if (reversed) {
        long revDay = day + 2 + rnd.nextInt(8);
        if (revDay < endDay) {
          reversedAt = Instant.ofEpochSecond(at + (revDay - day) * 86400L + 3600).toString();
          planned.add(new long[] {revDay, cents, method, 1});
        } else {
          reversed = false;
        }
      }
      emitRepayment(
          rid,
          at,
          cents,
          method,
          reversed ? PaymentStatus.REVERSED.name() : PaymentStatus.SUCCEEDED.name(),
          reversedAt);
      long left = cents;
      for (long[] b : billed) {
        if (left == 0) {
          break;
        }
        long take = Math.min(left, b[1]);
        b[1] -= take;
        left -= take;
      }
      if (revolving) {
        // Beyond the bills, a credit line's money lowers its balance, not the next minimums.
        balanceCents -= cents;
        cyclePaid += cents;
      } else {
        creditCents += left;
      }
      while (!billed.isEmpty() && billed.peekFirst()[1] == 0) {
        billed.pollFirst();
      }
    }

    void reverse(long day, long cents) {
      if (inHorizon()) {
        recovered -= cents;
      }
      if (revolving) {
        balanceCents += cents;
        cycleReversed += cents;
      }
      // The reversed money is owed again, from the oldest instalment it had paid.
      long dueDay = billed.isEmpty() ? day - 1 : Math.min(billed.peekFirst()[0], day - 1);
      billed.addFirst(new long[] {dueDay, cents});
    }

    void failedAttempt(long day, long cents, int method) {
      seqPay++;
      String rid = id + "-P" + seqPay;
      int minute = rnd.nextInt(60);
      emitRepayment(
          rid, localInstant(day, 6, minute), cents, method, PaymentStatus.FAILED.name(), null);
    }

    void emitRepayment(
        String rid, long at, long cents, int method, String status, String reversedAt) {
      if (target.equals("repayments")) {
        emit(
            "repayments",
            rid,
            new String[] {
              rid,
              id,
              Instant.ofEpochSecond(at).toString(),
              money(cents),
              method == 0
                  ? PaymentMethod.AUTO_DEBIT.name()
                  : method == 1 ? PaymentMethod.MANUAL.name() : PaymentMethod.AGENT.name(),
              status,
              reversedAt
            });
      }
    }

    long overdue(long day) {
      long sum = 0;
      for (long[] b : billed) {
        if (b[0] < day) {
          sum += b[1];
        }
      }
      return sum;
    }

    int dpd(long day) {
      for (long[] b : billed) {
        if (b[1] > 0) {
          return b[0] < day ? (int) (day - b[0]) : 0;
        }
      }
      return 0;
    }

    /**
     * Chance of missing an instalment due this month: by health, and for a credit line by how much
     * of its limit the last statement used. A line near its limit has no room left to absorb a bad
     * month (newly delinquent card holders had a median utilization of about 90 %, current ones 13
     * %; about a third of maxed-out balances became delinquent within 2023: New York Fed, Liberty
     * Street Economics, May 2024).
     */
    double missProbability() {
      double burden = 0;
      if (revolving && creditLimitCents > 0) {
        double used = lastStatementBalance / (double) creditLimitCents;
        burden = MAXED_OUT_EFFECT * Math.max(0, Math.min(1.2, used) - 0.6) / 0.4;
      }
      return sigmoid(-5.3 - 1.7 * health + burden);
    }

    double promiseKeepRate() {
      double byType =
          switch (responseType) {
            case CALL_RESPONDER -> 0.7;
            case SELF_CURER -> 0.5;
            case MESSAGE_RESPONDER -> 0.3;
            default -> 0.1;
          };
      return byType * Math.min(1.0, Math.exp(0.8 * health));
    }

    // ------------------------------------------------------------ delinquency and collections

    void delinquentDay(long day, int dpd) {
      maxDpd = Math.max(maxDpd, dpd);
      if (dpd >= 30) {
        ever30 = true;
      }
      if (dpd >= 180) {
        status = AccountStatus.WRITTEN_OFF.name();
        statusDay = day;
        accountVersion(day, 11 * 3600);
        stopped = true;
        return;
      }
      if (dpd >= 60
          && status.equals(AccountStatus.ACTIVE.name())
          && !product.equals(Product.INSTALMENT_LOAN.name())) {
        status = AccountStatus.FROZEN.name();
        statusDay = day;
        accountVersion(day, 10 * 3600);
      }
      boolean suppressed = dnc || day <= hardshipUntil || day <= disputeUntil || legalHold;
      long owed = overdue(day);
      if (!suppressed) {
        collections(day, dpd, owed);
      }
      if (shock < -1.0 && dpd >= 30 && day > hardshipUntil && rnd.nextDouble() < 0.012) {
        arrangement(day, ArrangementType.HARDSHIP_PLAN.name(), 90);
        hardshipUntil = day + 90;
      }
      if (dpd >= 120 && !legalHold && rnd.nextDouble() < 0.004) {
        arrangement(day, ArrangementType.LEGAL_HOLD.name(), -1);
        legalHold = true;
      }
      double hazard = cureHazard(day, dpd);
      if (rnd.nextDouble() < hazard) {
        double full = health < -1 ? 0.45 : 0.8;
        long amount =
            rnd.nextDouble() < full
                ? owed
                : Math.round(
                    owed
                        * (health < -1
                            ? 0.1 + 0.25 * rnd.nextDouble()
                            : 0.3 + 0.4 * rnd.nextDouble()));
        int method = day - lastConnectedCallDay <= 2 && rnd.nextDouble() < 0.5 ? 2 : 1;
        pay(day, amount, method);
      }
    }

    double cureHazard(long day, int dpd) {
      boolean talked = day - lastConnectedCallDay <= TALK_DAYS;
      double h =
          switch (responseType) {
            case SELF_CURER -> dpd <= 30 ? 0.11 : 0.025;
            case CALL_RESPONDER -> talked ? CALL_RESPONDER_HAZARD : 0.004;
            case MESSAGE_RESPONDER -> day - lastDeliveredMessageDay <= 3 ? 0.13 : 0.004;
            default -> 0.001;
          };
      if (talked && responseType != ResponseType.CALL_RESPONDER) {
        h += responseType == ResponseType.NON_RESPONDER ? TALK_LIFT / 8 : TALK_LIFT;
      }
      if (day <= hardshipUntil) {
        h += 0.03;
      }
      return Math.min(0.6, h * Math.exp(0.6 * Math.max(-3, Math.min(2.5, health))));
    }

    void collections(long day, int dpd, long owed) {
      if (intervention != null && day > intervention.decisionDate().toEpochDay()) {
        // A counterfactual: the strategy's contact on the contact date and nothing else that day;
        // after it, no contact or the usual process.
        if (day == intervention.decisionDate().toEpochDay() + 1) {
          switch (intervention.arm()) {
            case CALL -> call(day, owed);
            case MESSAGE -> message(day);
            case NONE -> {}
          }
          return;
        }
        if (intervention.after() == After.NO_CONTACT) {
          return;
        }
      }
      boolean reminderDay =
          dpd == 1 || dpd == 3 || dpd == 7 || dpd == 14 || dpd == 21 || (dpd >= 28 && dpd % 7 == 0);
      if (reminderDay && rnd.nextDouble() < 0.85) {
        message(day);
      }
      if (dpd >= 75 && dpd % 30 == 15 && rnd.nextDouble() < 0.5) {
        contact(
            day,
            Channel.LETTER.name(),
            rnd.nextDouble() < 0.9
                ? ContactOutcome.DELIVERED.name()
                : ContactOutcome.UNDELIVERED.name(),
            0,
            null,
            8);
      }
      double pCall =
          !consentCall
              ? 0
              : dpd >= 30 && owed > 20000 ? 0.32 : dpd >= 10 ? 0.12 : dpd >= 3 ? 0.02 : 0;
      if (rnd.nextDouble() < pCall) {
        call(day, owed);
      }
    }

    /** A reminder by SMS, else push, else e-mail, as consented; bad details mostly fail. */
    void message(long day) {
      String channel =
          consentSms
              ? Channel.SMS.name()
              : consentPush ? Channel.PUSH.name() : consentEmail ? Channel.EMAIL.name() : null;
      if (channel == null) {
        return;
      }
      double u = rnd.nextDouble();
      String outcome =
          badContact && !channel.equals(Channel.PUSH.name())
              ? (u < 0.8 ? ContactOutcome.UNDELIVERED.name() : ContactOutcome.DELIVERED.name())
              : (u < 0.05
                  ? ContactOutcome.UNDELIVERED.name()
                  : u < 0.6 ? ContactOutcome.DELIVERED.name() : ContactOutcome.READ.name());
      if (!outcome.equals(ContactOutcome.UNDELIVERED.name())) {
        lastDeliveredMessageDay = day;
        horizonDelivered |= onContactDate();
      }
      contact(day, channel, outcome, 0, null, 9 + rnd.nextInt(10));
    }

    void call(long day, long owed) {
      if (onContactDate()) {
        horizonCalls++;
      }
      while (!recentCalls.isEmpty() && recentCalls.peekFirst() <= day - 7) {
        recentCalls.pollFirst();
      }
      recentCalls.addLast(day);
      double u = rnd.nextDouble();
      String outcome;
      if (badContact) {
        outcome = u < 0.35 ? ContactOutcome.WRONG_PARTY.name() : ContactOutcome.NO_ANSWER.name();
      } else {
        double refuse = responseType == ResponseType.NON_RESPONDER ? 0.15 : 0.05;
        outcome =
            u < 0.52
                ? ContactOutcome.NO_ANSWER.name()
                : u < 0.52 + refuse
                    ? ContactOutcome.REFUSED.name()
                    : u < 0.80
                        ? ContactOutcome.CONNECTED.name()
                        : ContactOutcome.PROMISE_TO_PAY.name();
      }
      long promiseDay = 0;
      if (outcome.equals(ContactOutcome.CONNECTED.name())
          || outcome.equals(ContactOutcome.PROMISE_TO_PAY.name())) {
        lastConnectedCallDay = day;
        horizonConnected |= onContactDate();
      }
      if (outcome.equals(ContactOutcome.PROMISE_TO_PAY.name())) {
        promiseDay = day + 2 + rnd.nextInt(7);
        planned.add(new long[] {promiseDay, 0, 1, 2});
      }
      contact(
          day,
          Channel.CALL.name(),
          outcome,
          promiseDay == 0 ? 0 : owed,
          promiseDay == 0 ? null : LocalDate.ofEpochDay(promiseDay).toString(),
          9 + rnd.nextInt(11));
      int inWeek = recentCalls.size();
      if (inWeek >= 4 && rnd.nextDouble() < 0.03 * (inWeek - 3)) {
        complaint(day, ComplaintCategory.HARASSMENT.name());
        if (!dnc && rnd.nextDouble() < 0.3) {
          dnc = true;
          // Recorded the next day: not in the book when that day is past its end (the version
          // would postdate the export, as ingest says: DATE_IN_FUTURE).
          if (day + 1 < endDay) {
            accountVersion(day + 1, 12 * 3600);
          }
        }
      }
    }

    void contact(
        long day, String channel, String outcome, long promiseCents, String promiseDate, int hour) {
      seqContact++;
      // Draw before deciding whether to emit: the stream must not depend on the target table.
      int minute = rnd.nextInt(60);
      int agent = rnd.nextInt(200);
      if (!target.equals("contacts")) {
        return;
      }
      String cid = id + "-K" + seqContact;
      emit(
          "contacts",
          cid,
          new String[] {
            cid,
            id,
            Instant.ofEpochSecond(localInstant(day, hour, minute)).toString(),
            channel,
            outcome,
            promiseCents == 0 ? null : money(promiseCents),
            promiseDate,
            channel.equals(Channel.CALL.name()) ? String.format("AG%03d", agent) : null
          });
    }

    void complaint(long day, String category) {
      if (day >= endDay) {
        return;
      }
      if (inHorizon()) {
        horizonComplaints++;
      }
      seqComplaint++;
      long opened = localInstant(day, 10 + rnd.nextInt(8), rnd.nextInt(60));
      long resolvedDay = day + 3 + rnd.nextInt(28);
      String resolved =
          resolvedDay < endDay
              ? Instant.ofEpochSecond(opened + (resolvedDay - day) * 86400L).toString()
              : null;
      if (category.equals(ComplaintCategory.BILLING_DISPUTE.name()) && rnd.nextDouble() < 0.5) {
        arrangement(day, ArrangementType.DISPUTE.name(), 30);
        disputeUntil = day + 30;
      }
      if (target.equals("complaints")) {
        String cid = id + "-C" + seqComplaint;
        emit(
            "complaints",
            cid,
            new String[] {cid, id, Instant.ofEpochSecond(opened).toString(), resolved, category});
      }
    }

    void arrangement(long day, String type, int lengthDays) {
      seqArrangement++;
      long created = localInstant(day, 11, rnd.nextInt(60));
      double outcome = rnd.nextDouble();
      if (!target.equals("arrangements")) {
        return;
      }
      long start = day + 1;
      long end = lengthDays < 0 ? -1 : start + lengthDays - 1;
      String status = ArrangementStatus.ACTIVE.name();
      String closedAt = null;
      if (end >= 0 && end < endDay - 1) {
        status =
            type.equals(ArrangementType.HARDSHIP_PLAN.name())
                ? (outcome < 0.65
                    ? ArrangementStatus.COMPLETED.name()
                    : ArrangementStatus.BROKEN.name())
                : ArrangementStatus.COMPLETED.name();
        closedAt = Instant.ofEpochSecond(localInstant(end + 1, 9, 0)).toString();
      }
      String aid = id + "-H" + seqArrangement;
      emit(
          "arrangements",
          aid,
          new String[] {
            aid,
            id,
            type,
            Instant.ofEpochSecond(created).toString(),
            LocalDate.ofEpochDay(start).toString(),
            end < 0 ? null : LocalDate.ofEpochDay(end).toString(),
            status,
            closedAt
          });
    }

    // ------------------------------------------------------------ wallet activity

    void transactionsForMonth(LocalDate month, long from) {
      // Transactions draw from their own stream (below), so skipping them leaves the account's
      // main random stream, and with it every other table, unchanged.
      if (!target.equals("transactions") || stopped || status.equals(AccountStatus.FROZEN.name())) {
        return;
      }
      long to = Math.min(month.plusMonths(1).toEpochDay(), endDay);
      int days = (int) (to - from);
      if (days <= 0) {
        return;
      }
      // Activity has its own stream so that how many transactions there are does not change the
      // rest of the account's story.
      SplittableRandom t = new SplittableRandom(mix(mix(params.seed(), index), month.toEpochDay()));
      double stress = Math.max(0, -health);
      double share = days / 30.0;
      for (int k = 0; k < TXN_TYPES.length; k++) {
        double rate = TXN_RATE[k] * activity * share;
        if (k == 1 || k == 2) {
          rate *= Math.exp(0.35 * Math.max(-2, Math.min(2, health)));
        }
        if (k == 4) {
          rate *= 1 + 1.5 * stress;
        }
        int n = poisson(t, rate);
        for (int j = 0; j < n; j++) {
          long day = from + t.nextInt(days);
          double amount = TXN_MEDIAN[k] * Math.exp(0.7 * gauss(t));
          if (k == 2) {
            amount *= Math.exp(0.25 * health);
          }
          long cents = Math.max(1, Math.round(amount));
          String status = TxnStatus.SUCCEEDED.name();
          if (k == 0 || k == 3 || k == 4) {
            double pFail = sigmoid(-4.2 - 1.6 * health);
            double u = t.nextDouble();
            status =
                u < pFail
                    ? TxnStatus.FAILED_INSUFFICIENT_FUNDS.name()
                    : u < pFail + 0.003 ? TxnStatus.REVERSED.name() : TxnStatus.SUCCEEDED.name();
          }
          String mcc = null;
          if (k == 0 || k == 5) {
            double u = t.nextDouble();
            mcc =
                u < 0.04 + 0.1 * (monthShock == Shock.MEDICAL ? 1 : 0)
                    ? "5912"
                    : u < 0.06 + 0.03 * stress
                        ? "7995"
                        : MCC_EVERYDAY[t.nextInt(MCC_EVERYDAY.length)];
          }
          seqTxn++;
          String tid = id + "-T" + seqTxn;
          long at = localInstant(day, 7 + t.nextInt(16), t.nextInt(60)) + t.nextInt(60);
          emit(
              "transactions",
              tid,
              new String[] {
                tid,
                id,
                Instant.ofEpochSecond(at).toString(),
                TXN_TYPES[k],
                money(cents),
                mcc,
                status
              });
        }
      }
    }

    // ------------------------------------------------------------ account versions

    void accountVersion(long day, int secondOfDay) {
      if (!target.equals("accounts")) {
        return;
      }
      long at = localInstant(day, 0, 0) + secondOfDay;
      emit(
          "accounts",
          id + "|" + Instant.ofEpochSecond(at),
          new String[] {
            id,
            Instant.ofEpochSecond(at).toString(),
            "C" + id.substring(1),
            product,
            LocalDate.ofEpochDay(openDay).toString(),
            money(creditLimitCents),
            "USD",
            Integer.toString(score),
            zone.getId(),
            region,
            Boolean.toString(consentCall),
            Boolean.toString(consentSms),
            Boolean.toString(consentPush),
            Boolean.toString(consentEmail),
            Boolean.toString(dnc),
            status,
            statusDay < 0 ? null : LocalDate.ofEpochDay(statusDay).toString()
          });
    }

    // ------------------------------------------------------------ emission and defects

    void emit(String table, String key, String[] row) {
      if (params.defectRate() <= 0) {
        out.add(row);
        return;
      }
      defectCount++;
      SplittableRandom d =
          new SplittableRandom(mix(mix(params.seed() ^ 0x5DEECE66DL, index), defectCount));
      if (d.nextDouble() >= params.defectRate()) {
        if (!recordDefects) {
          out.add(row);
        }
        return;
      }
      String kind = Defects.apply(table, row, d);
      if (recordDefects) {
        out.add(new Object[] {table, key, kind});
        return;
      }
      if (kind.equals(ReasonCode.DUPLICATE_IN_BATCH.name())) {
        out.add(row.clone());
      }
      out.add(row);
    }

    // ------------------------------------------------------------ helpers

    long localInstant(long day, int hour, int minute) {
      LocalDateTime t = LocalDate.ofEpochDay(day).atTime(Math.min(hour, 23), minute);
      return t.atZone(zone).toEpochSecond();
    }

    int scoreOf(double h) {
      return (int) Math.max(300, Math.min(900, Math.round(650 + 75 * h + 40 * gaussian())));
    }

    double gaussian() {
      return gauss(rnd);
    }

    int pick(double[] weights) {
      double total = 0;
      for (double w : weights) {
        total += w;
      }
      double u = rnd.nextDouble() * total;
      for (int i = 0; i < weights.length; i++) {
        u -= weights[i];
        if (u < 0) {
          return i;
        }
      }
      return weights.length - 1;
    }
  }

  static double gauss(SplittableRandom r) {
    // Box-Muller; one value per call keeps the stream simple.
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  static int poisson(SplittableRandom r, double lambda) {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda > 30) {
      return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(r)));
    }
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1.0;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }

  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static String money(long cents) {
    long abs = Math.abs(cents);
    long frac = abs % 100;
    return (cents < 0 ? "-" : "") + (abs / 100) + (frac < 10 ? ".0" : ".") + frac;
  }
}
