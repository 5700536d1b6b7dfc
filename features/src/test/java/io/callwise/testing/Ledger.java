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
  private int seq;

  public Ledger(String accountId, String zone) {
    this.accountId = accountId;
    this.zone = ZoneId.of(zone);
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

  /** The state at the end of {@code day}. */
  public DayState stateOn(LocalDate day) {
    Replay r = replay(day);
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
    Replay r = replay(inst.due());
    int k = r.billed().indexOf(inst);
    return inst.amount().subtract(r.remaining()[k]);
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

  public static Dataset<Row> zones(SparkSession spark, List<Ledger> ledgers) {
    StructType schema =
        new StructType()
            .add("account_id", DataTypes.StringType, false)
            .add("time_zone", DataTypes.StringType, false);
    List<Row> rows = new ArrayList<>();
    for (Ledger l : ledgers) {
      rows.add(RowFactory.create(l.accountId, l.zone.getId()));
    }
    return spark.createDataFrame(rows, schema);
  }
}
