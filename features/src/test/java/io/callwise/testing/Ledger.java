package io.callwise.testing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One account's schedule and payments as a test fixture, plus the obvious way to compute its
 * delinquency: replay the ledger day by day (bills, payments oldest instalment first, credit for
 * the rest, a reversal replayed as if the payment had never happened). The Spark engine is checked
 * against this loop, never against its own output.
 */
public final class Ledger {

  public record Instalment(String id, LocalDate statement, LocalDate due, BigDecimal amount) {}

  /** A payment; {@code reversedAt} null unless reversed; {@code failed} moves no money. */
  public record Payment(
      String id, Instant paidAt, BigDecimal amount, boolean failed, Instant reversedAt) {}

  /** State at the end of one day. */
  public record DayState(
      LocalDate day, int dpd, BigDecimal overdue, BigDecimal outstanding, BigDecimal credit) {}

  public final String accountId;
  public final ZoneId zone;
  public final List<Instalment> instalments = new ArrayList<>();
  public final List<Payment> payments = new ArrayList<>();
  private boolean revolving;
  private int seq;

  public Ledger(String accountId, String zone) {
    this.accountId = accountId;
    this.zone = ZoneId.of(zone);
  }

  /**
   * Makes this a revolving account (a credit line): money beyond what is billed lowers the balance
   * and is not kept as credit; a reversal takes its whole amount back on its day.
   */
  public Ledger revolving() {
    this.revolving = true;
    return this;
  }

  public boolean isRevolving() {
    return revolving;
  }

  public Ledger bill(String statement, String due, String amount) {
    instalments.add(
        new Instalment(
            accountId + "-I" + (instalments.size() + 1),
            LocalDate.parse(statement),
            LocalDate.parse(due),
            new BigDecimal(amount)));
    return this;
  }

  /** A payment at local noon of {@code day}. */
  public Ledger pay(String day, String amount) {
    return payAt(LocalDate.parse(day).atTime(12, 0).atZone(zone).toInstant(), amount);
  }

  public Ledger payAt(Instant at, String amount) {
    payments.add(new Payment(accountId + "-P" + (++seq), at, new BigDecimal(amount), false, null));
    return this;
  }

  public Ledger failed(String day, String amount) {
    Instant at = LocalDate.parse(day).atTime(6, 0).atZone(zone).toInstant();
    payments.add(new Payment(accountId + "-P" + (++seq), at, new BigDecimal(amount), true, null));
    return this;
  }

  /** A payment at local noon of {@code day}, reversed at local noon of {@code reversedDay}. */
  public Ledger reversed(String day, String amount, String reversedDay) {
    Instant at = LocalDate.parse(day).atTime(12, 0).atZone(zone).toInstant();
    Instant rev = LocalDate.parse(reversedDay).atTime(12, 0).atZone(zone).toInstant();
    payments.add(new Payment(accountId + "-P" + (++seq), at, new BigDecimal(amount), false, rev));
    return this;
  }

  private LocalDate local(Instant i) {
    return i.atZone(zone).toLocalDate();
  }

  private record Replay(List<Instalment> billed, BigDecimal[] remaining, BigDecimal credit) {}

  /** Everything known by the end of {@code day}, replayed in day order. */
  private Replay replay(LocalDate day) {
    List<Instalment> billed =
        instalments.stream()
            .filter(i -> !i.statement().isAfter(day))
            .sorted(Comparator.comparing(Instalment::due).thenComparing(Instalment::id))
            .toList();
    BigDecimal[] remaining = new BigDecimal[billed.size()];
    // What arrives before a bill waits as credit and pays the bill when it comes.
    record Move(LocalDate day, int order, BigDecimal amount, int billIndex) {}
    List<Move> moves = new ArrayList<>();
    for (int k = 0; k < billed.size(); k++) {
      moves.add(new Move(billed.get(k).statement(), 0, null, k));
      remaining[k] = BigDecimal.ZERO;
    }
    for (Payment p : payments) {
      boolean undone = p.reversedAt() != null && !local(p.reversedAt()).isAfter(day);
      if (!p.failed() && !undone && !local(p.paidAt()).isAfter(day)) {
        moves.add(new Move(local(p.paidAt()), 1, p.amount(), -1));
      }
    }
    moves.sort(Comparator.comparing(Move::day).thenComparing(Move::order));
    BigDecimal credit = BigDecimal.ZERO;
    for (Move m : moves) {
      if (m.billIndex() >= 0) {
        BigDecimal amount = billed.get(m.billIndex()).amount();
        BigDecimal applied = credit.min(amount);
        credit = credit.subtract(applied);
        remaining[m.billIndex()] = amount.subtract(applied);
      } else {
        BigDecimal left = m.amount();
        for (int k = 0; k < remaining.length && left.signum() > 0; k++) {
          BigDecimal take = left.min(remaining[k]);
          remaining[k] = remaining[k].subtract(take);
          left = left.subtract(take);
        }
        credit = credit.add(left);
      }
    }
    return new Replay(billed, remaining, credit);
  }

  /**
   * A revolving account's money counted by the end of {@code day}: day after day, the day's net
   * money (payments in, reversals out) is added and the total capped at everything billed so far.
   */
  private BigDecimal countedRevolving(LocalDate day) {
    java.util.TreeMap<LocalDate, BigDecimal[]> byDay = new java.util.TreeMap<>();
    java.util.function.Function<LocalDate, BigDecimal[]> at =
        d -> byDay.computeIfAbsent(d, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    for (Instalment i : instalments) {
      if (!i.statement().isAfter(day)) {
        at.apply(i.statement())[0] = at.apply(i.statement())[0].add(i.amount());
      }
    }
    for (Payment p : payments) {
      if (p.failed() || local(p.paidAt()).isAfter(day)) {
        continue;
      }
      at.apply(local(p.paidAt()))[1] = at.apply(local(p.paidAt()))[1].add(p.amount());
      if (p.reversedAt() != null && !local(p.reversedAt()).isAfter(day)) {
        at.apply(local(p.reversedAt()))[1] =
            at.apply(local(p.reversedAt()))[1].subtract(p.amount());
      }
    }
    BigDecimal billed = BigDecimal.ZERO;
    BigDecimal counted = BigDecimal.ZERO;
    for (BigDecimal[] d : byDay.values()) {
      billed = billed.add(d[0]);
      counted = counted.add(d[1]).min(billed);
    }
    return counted;
  }

  /**
   * What is left of each billed instalment (in due order) of a revolving account: the counted money
   * pays the oldest first; a negative count (a reversed overpayment) is owed on the oldest.
   */
  private Replay replayRevolving(LocalDate day) {
    List<Instalment> billed =
        instalments.stream()
            .filter(i -> !i.statement().isAfter(day))
            .sorted(Comparator.comparing(Instalment::due).thenComparing(Instalment::id))
            .toList();
    BigDecimal left = countedRevolving(day);
    BigDecimal[] remaining = new BigDecimal[billed.size()];
    for (int k = 0; k < billed.size(); k++) {
      BigDecimal take = left.max(BigDecimal.ZERO).min(billed.get(k).amount());
      remaining[k] = billed.get(k).amount().subtract(take);
      left = left.subtract(take);
    }
    if (left.signum() < 0 && remaining.length > 0) {
      remaining[0] = remaining[0].subtract(left);
    }
    return new Replay(billed, remaining, BigDecimal.ZERO);
  }

  /** The state at the end of {@code day}. */
  public DayState stateOn(LocalDate day) {
    Replay r = revolving ? replayRevolving(day) : replay(day);
    int dpd = 0;
    BigDecimal overdue = BigDecimal.ZERO;
    BigDecimal outstanding = BigDecimal.ZERO;
    for (int k = 0; k < r.remaining().length; k++) {
      outstanding = outstanding.add(r.remaining()[k]);
      if (r.billed().get(k).due().isBefore(day) && r.remaining()[k].signum() > 0) {
        overdue = overdue.add(r.remaining()[k]);
        dpd = Math.max(dpd, (int) (day.toEpochDay() - r.billed().get(k).due().toEpochDay()));
      }
    }
    return new DayState(
        day, dpd, overdue.setScale(2), outstanding.setScale(2), r.credit().setScale(2));
  }

  /** How much of {@code inst} was paid at the end of its due date. */
  public BigDecimal paidByDue(Instalment inst) {
    Replay r = revolving ? replayRevolving(inst.due()) : replay(inst.due());
    int k = r.billed().indexOf(inst);
    return inst.amount().subtract(r.remaining()[k]).max(BigDecimal.ZERO);
  }

  // ---------------------------------------------------------------- as Spark inputs

  public static Dataset<Row> instalments(SparkSession spark, List<Ledger> ledgers) {
    StructType schema =
        new StructType()
            .add("account_id", DataTypes.StringType, false)
            .add("instalment_id", DataTypes.StringType, false)
            .add("statement_date", DataTypes.DateType, false)
            .add("due_date", DataTypes.DateType, false)
            .add("amount_due", DataTypes.createDecimalType(18, 2), false);
    List<Row> rows = new ArrayList<>();
    for (Ledger l : ledgers) {
      for (Instalment i : l.instalments) {
        rows.add(
            RowFactory.create(
                l.accountId,
                i.id(),
                Date.valueOf(i.statement()),
                Date.valueOf(i.due()),
                i.amount()));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  public static Dataset<Row> repayments(SparkSession spark, List<Ledger> ledgers) {
    StructType schema =
        new StructType()
            .add("account_id", DataTypes.StringType, false)
            .add("repayment_id", DataTypes.StringType, false)
            .add("paid_at", DataTypes.TimestampType, false)
            .add("amount", DataTypes.createDecimalType(18, 2), false)
            .add("method", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("reversed_at", DataTypes.TimestampType, true);
    List<Row> rows = new ArrayList<>();
    for (Ledger l : ledgers) {
      for (Payment p : l.payments) {
        rows.add(
            RowFactory.create(
                l.accountId,
                p.id(),
                Timestamp.from(p.paidAt()),
                p.amount(),
                "MANUAL",
                p.failed() ? "FAILED" : p.reversedAt() != null ? "REVERSED" : "SUCCEEDED",
                p.reversedAt() == null ? null : Timestamp.from(p.reversedAt())));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  /** Random schedules and payments (partial, late, failed, reversed) in several time zones. */
  public static List<Ledger> random(long seed, int count) {
    return random(seed, count, 0.0);
  }

  /** As {@link #random(long, int)}, with a share of revolving accounts. */
  public static List<Ledger> random(long seed, int count, double revolvingShare) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    String[] zones = {
      "America/New_York", "Asia/Tokyo", "Pacific/Honolulu", "Pacific/Kiritimati", "UTC"
    };
    List<Ledger> ledgers = new ArrayList<>();
    for (int a = 0; a < count; a++) {
      Ledger l = new Ledger(String.format("R%03d", a), zones[rnd.nextInt(zones.length)]);
      if (revolvingShare > 0 && rnd.nextDouble() < revolvingShare) {
        l.revolving();
      }
      LocalDate due = LocalDate.parse("2025-01-01").plusDays(rnd.nextInt(28));
      for (int m = 0; m < 8; m++) {
        LocalDate d = due.plusMonths(m);
        l.bill(d.minusDays(21).toString(), d.toString(), cents(2000 + rnd.nextInt(20000)));
      }
      int payments = rnd.nextInt(12);
      for (int p = 0; p < payments; p++) {
        LocalDate day = due.minusDays(25).plusDays(rnd.nextInt(270));
        String amount = cents(500 + rnd.nextInt(30000));
        double u = rnd.nextDouble();
        if (u < 0.12) {
          l.reversed(day.toString(), amount, day.plusDays(1 + rnd.nextInt(20)).toString());
        } else if (u < 0.2) {
          l.failed(day.toString(), amount);
        } else {
          // Any minute of the day, so that local days and UTC days disagree now and then.
          Instant at = day.atStartOfDay(l.zone).toInstant().plusSeconds(60L * rnd.nextInt(1440));
          l.payAt(at, amount);
        }
      }
      ledgers.add(l);
    }
    return ledgers;
  }

  private static String cents(int c) {
    return BigDecimal.valueOf(c, 2).toPlainString();
  }

  /** One ACTIVE account version per ledger, opened on 2024-06-01, in the ledger's zone. */
  public static Dataset<Row> accounts(SparkSession spark, List<Ledger> ledgers) {
    List<Row> rows = new ArrayList<>();
    for (Ledger l : ledgers) {
      rows.add(
          RowFactory.create(
              l.accountId,
              Timestamp.from(Instant.parse("2024-06-01T00:00:00Z")),
              "C" + l.accountId,
              l.revolving ? "CREDIT_LINE" : "PAY_LATER",
              Date.valueOf("2024-06-01"),
              new BigDecimal("2000.00"),
              "USD",
              650,
              l.zone.getId(),
              "R1",
              true,
              true,
              true,
              true,
              false,
              "ACTIVE",
              null));
    }
    return spark.createDataFrame(rows, io.callwise.contract.RawTables.ACCOUNTS.schema());
  }

  /** {@code account_id, time_zone, revolving} of each ledger. */
  public static Dataset<Row> zones(SparkSession spark, List<Ledger> ledgers) {
    StructType schema =
        new StructType()
            .add("account_id", DataTypes.StringType, false)
            .add("time_zone", DataTypes.StringType, false)
            .add("revolving", DataTypes.BooleanType, false);
    List<Row> rows = new ArrayList<>();
    for (Ledger l : ledgers) {
      rows.add(RowFactory.create(l.accountId, l.zone.getId(), l.revolving));
    }
    return spark.createDataFrame(rows, schema);
  }
}
