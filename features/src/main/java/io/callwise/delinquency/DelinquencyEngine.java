package io.callwise.delinquency;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.callwise.common.LocalDays;
import io.callwise.contract.Codes.PaymentStatus;
import io.callwise.contract.Codes.Product;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.storage.StorageLevel;

/**
 * Days past due, overdue amount and balances of every account on every day, from the repayment
 * schedule and the payments.
 *
 * <h2>The payment waterfall</h2>
 *
 * <ul>
 *   <li>An instalment is billed on its {@code statement_date} and past due from the day after its
 *       {@code due_date}.
 *   <li>Money moves on the local day of the payment's instant ({@link LocalDays}). A payment that
 *       {@code SUCCEEDED}, or that was later {@code REVERSED}, counts from that day; a reversal
 *       takes the same amount back on the local day of {@code reversed_at}. A {@code FAILED}
 *       attempt moves nothing.
 *   <li>Money pays instalments oldest due date first (ties by instalment id); a partial payment
 *       leaves the rest of the oldest instalment unpaid; money beyond everything billed is a credit
 *       that pays the next instalments as they are billed. A reversal therefore re-opens the newest
 *       instalments the money had paid, as if the payment had never been made from the reversal day
 *       on.
 *   <li>A revolving account ({@link Product#revolving()}) keeps no such credit: its instalment is
 *       the statement's minimum due, and money beyond everything billed lowers the balance the
 *       statements show, not the next minimums. Its counted money is capped at what is billed when
 *       it arrives, so a borrower who pays the whole balance one month still owes the next minimum.
 *       A reversal takes its whole amount back from what was counted; when the reversed money had
 *       gone beyond the bills, the account owes the difference on its oldest open instalment until
 *       it pays again (the lender re-debits the returned payment).
 *   <li>Days past due (DPD) on day d is {@code d - due_date} of the oldest instalment not fully
 *       paid at the end of d, when that due date is before d; 0 otherwise.
 * </ul>
 *
 * <p>In cumulative terms, with P(d) the net money received by the end of d and the instalments in
 * due order with running totals C1 &lt; C2 &lt; …, the oldest unpaid instalment is the first k with
 * Ck &gt; P(d). The engine computes exactly that, without a per-day loop: state only changes on a
 * statement date, the day after a due date, and a payment or reversal day, so each account's
 * history is a short list of <em>segments</em> (consecutive days with the same state), on which DPD
 * grows by one a day. Finding the first Ck above P(d) is a merge of two sorted lists, done with one
 * window over both in amount order.
 *
 * <p>For a revolving account the counted money is the running total capped at the running billed
 * total: with P and B the running totals of money and bills, counted(d) = P(d) - max(0, max over
 * days e &le; d of P(e) - B(e)), the same as adding each day's money and capping at B day after
 * day; one more running maximum over the same window.
 *
 * <p>Everything on day d depends only on events of days up to d, so a segment is point-in-time
 * correct for each of its days even though its end is only known later; readers clip it to their
 * as-of date.
 */
public final class DelinquencyEngine {

  private DelinquencyEngine() {}

  public static final String ACCOUNT_ID = "account_id";

  /** First day of a segment. */
  public static final String SEG_START = "seg_start";

  /** Last day of a segment; null for the last, still open, segment. */
  public static final String SEG_END = "seg_end";

  /** Total billed (statement date at or before the day). */
  public static final String BILLED = "billed";

  /** Total of instalments whose due date is before the day. */
  public static final String PAST_DUE = "past_due";

  /**
   * Net money received by the end of the day and counted toward the instalments (for a revolving
   * account, capped at what is billed).
   */
  public static final String PAID = "paid";

  /**
   * Optional boolean column of the {@code zones} input: the account is revolving ({@link
   * #accountTerms}); absent means no account is.
   */
  public static final String REVOLVING = "revolving";

  /** Due date of the oldest instalment unpaid in the segment, when it is past due; else null. */
  public static final String OLDEST_DUE = "oldest_unpaid_due";

  /**
   * Type of the amounts the engine's results are summed into when stored (a treatment outcome, a
   * portfolio total): exact, wide enough for a whole book.
   */
  public static final DecimalType AMOUNT = DataTypes.createDecimalType(28, 2);

  /**
   * Type of every amount and running total inside the engine and in its segments and outcomes:
   * exact, and at 18 digits held as one {@code long} by Spark (a wider decimal is a {@code
   * BigDecimal} per value, which made the sorts and running sums over the whole repayment history
   * about a quarter slower). Its 16 integer digits hold an account's lifetime totals: the contract
   * caps each instalment and payment at {@code 1,000,000.00} ({@code RawTables}), so a total needs
   * ten billion rows of one account to overflow, which fails the job (ANSI mode) rather than wrap.
   */
  public static final DecimalType TOTAL = DataTypes.createDecimalType(18, 2);

  /** DPD thresholds whose crossing days are kept per segment ({@code entered_30_on}, ...). */
  public static final List<Integer> ENTRY_THRESHOLDS = List.of(1, 30, 60, 90);

  public static String enteredOn(int threshold) {
    return "entered_" + threshold + "_on";
  }

  /**
   * Segments and per-instalment outcomes of a set of accounts; {@code timeline} is the running
   * totals they were computed from, null when they were read back from a {@link DelinquencyState}.
   */
  public record Result(
      Dataset<Row> segments, Dataset<Row> instalmentOutcomes, Dataset<Row> timeline) {

    /**
     * The same result computed once and kept (memory, then local disk) for all its readers, until
     * {@link #release}: segments and outcomes share the expensive running totals.
     */
    public Result cached() {
      return timeline == null
          ? this
          : fromTimeline(timeline.persist(StorageLevel.MEMORY_AND_DISK()));
    }

    public void release() {
      if (timeline != null) {
        timeline.unpersist();
      }
    }

    /** Segments and outcomes read back from where they were kept ({@link DelinquencyState}). */
    public static Result of(Dataset<Row> segments, Dataset<Row> instalmentOutcomes) {
      return new Result(segments, instalmentOutcomes, null);
    }
  }

  /**
   * {@code account_id, time_zone, revolving} of every account: its zone of record ({@link
   * LocalDays#zones}) and whether any version of it is a revolving product.
   */
  public static Dataset<Row> accountTerms(Dataset<Row> accountVersions) {
    return accountVersions
        .groupBy(ACCOUNT_ID)
        .agg(
            LocalDays.zoneOfRecord(),
            max(col("product").isin(Product.revolvingNames().toArray())).as(REVOLVING));
  }

  /**
   * Runs the waterfall.
   *
   * @param instalments {@code account_id, instalment_id, statement_date, due_date, amount_due}
   * @param repayments {@code account_id, paid_at, amount, status, reversed_at}
   * @param zones {@code account_id, time_zone} ({@link LocalDays#zones}), with {@code revolving}
   *     when some accounts are revolving ({@link #accountTerms})
   * @return segments ({@code account_id, seg_start, seg_end, billed, past_due, paid,
   *     oldest_unpaid_due, entered_T_on...}) and instalment outcomes ({@code account_id,
   *     instalment_id, due_date, amount_due, paid_by_due, on_time, partial})
   */
  public static Result run(Dataset<Row> instalments, Dataset<Row> repayments, Dataset<Row> zones) {
    return run(instalments, repayments, zones, null);
  }

  /**
   * As {@link #run(Dataset, Dataset, Dataset)}, with segments and outcomes exact only from {@code
   * validFrom} on (null: from the beginning), which lets the expensive part skip old history.
   *
   * <p>An account is <em>settled</em> at {@code validFrom} when the money it had paid before that
   * day, less what reversals on or after it take back from those payments, covers every instalment
   * due before it: those instalments then stay paid for good, and all the engine needs of them is
   * their totals. For a settled account the history before {@code validFrom} becomes one carry-in
   * row of totals (a cheap aggregate, no sort); only unsettled accounts, a few percent of a book,
   * keep their whole history in the windows. A revolving account always keeps it: what its money
   * counted for depends on the order of every payment and bill before the cut.
   */
  public static Result run(
      Dataset<Row> instalments, Dataset<Row> repayments, Dataset<Row> zones, LocalDate validFrom) {
    return run(instalments, repayments, zones, validFrom, List.of());
  }

  /**
   * As {@link #run(Dataset, Dataset, Dataset, LocalDate)}, dating payments faster when {@code
   * bookZones} lists the accounts' zones ({@link LocalDays#of(Column, Column,
   * java.util.Collection)}; same days).
   */
  public static Result run(
      Dataset<Row> instalments,
      Dataset<Row> repayments,
      Dataset<Row> zones,
      LocalDate validFrom,
      List<String> bookZones) {
    Column zero = lit(0).cast(TOTAL);
    boolean anyRevolving = Arrays.asList(zones.columns()).contains(REVOLVING);
    Dataset<Row> revolving = anyRevolving ? zones.select(col(ACCOUNT_ID), col(REVOLVING)) : null;
    Dataset<Row> moves = moneyMoves(repayments, zones, bookZones);
    Dataset<Row> carry = null;
    if (validFrom != null) {
      Column cut = to_date(lit(validFrom.toString()));
      Dataset<Row> oldDue =
          instalments
              .filter(col("due_date").lt(cut))
              .groupBy(ACCOUNT_ID)
              .agg(amount(sum("amount_due")).as("old_due"));
      Dataset<Row> oldPaid =
          moves.filter(col("day").lt(cut)).groupBy(ACCOUNT_ID).agg(sum("d_paid").as("old_paid"));
      Dataset<Row> takenBack =
          repayments
              .filter(
                  col("status")
                      .equalTo(PaymentStatus.REVERSED.name())
                      .and(col("reversed_at").isNotNull()))
              .join(zones, ACCOUNT_ID)
              .filter(
                  LocalDays.of(col("paid_at"), col(LocalDays.ZONE), bookZones)
                      .lt(cut)
                      .and(
                          LocalDays.of(col("reversed_at"), col(LocalDays.ZONE), bookZones)
                              .geq(cut)))
              .groupBy(ACCOUNT_ID)
              .agg(sum("amount").as("taken_back"));
      Dataset<Row> old =
          oldDue
              .join(oldPaid, new String[] {ACCOUNT_ID}, "full_outer")
              .join(takenBack, new String[] {ACCOUNT_ID}, "full_outer");
      Column keepsHistory = lit(false);
      if (anyRevolving) {
        old = old.join(revolving, new String[] {ACCOUNT_ID}, "left");
        keepsHistory = coalesce(col(REVOLVING), lit(false));
      }
      old =
          old.select(
              col(ACCOUNT_ID),
              amount(coalesce(col("old_due"), zero)).as("old_due"),
              amount(coalesce(col("old_paid"), zero)).as("old_paid"),
              coalesce(col("old_paid"), zero)
                  .minus(coalesce(col("taken_back"), zero))
                  .geq(coalesce(col("old_due"), zero))
                  .and(not(keepsHistory))
                  .as("settled"));
      Dataset<Row> unsettled = broadcast(old.filter(not(col("settled"))).select(ACCOUNT_ID));
      carry =
          old.filter(col("settled"))
              .select(
                  col(ACCOUNT_ID),
                  date_sub(cut, 1).as("day"),
                  col("old_due").as("d_billed"),
                  col("old_due").as("d_past_due"),
                  col("old_paid").as("d_paid"),
                  col("old_due").as("d_cum_due"));
      instalments =
          instalments
              .filter(col("due_date").geq(cut))
              .unionByName(instalments.filter(col("due_date").lt(cut)).join(unsettled, ACCOUNT_ID));
      moves =
          moves
              .filter(col("day").geq(cut))
              .unionByName(moves.filter(col("day").lt(cut)).join(unsettled, ACCOUNT_ID));
    }
    Dataset<Row> events =
        instalments
            .select(
                col(ACCOUNT_ID),
                col("statement_date").as("day"),
                amount(col("amount_due")).as("d_billed"),
                zero.as("d_past_due"),
                zero.as("d_paid"),
                zero.as("d_cum_due"))
            .unionByName(
                instalments.select(
                    col(ACCOUNT_ID),
                    date_add(col("due_date"), 1).as("day"),
                    zero.as("d_billed"),
                    amount(col("amount_due")).as("d_past_due"),
                    zero.as("d_paid"),
                    zero.as("d_cum_due")))
            .unionByName(
                moves.select(
                    col(ACCOUNT_ID),
                    col("day"),
                    zero.as("d_billed"),
                    zero.as("d_past_due"),
                    col("d_paid"),
                    zero.as("d_cum_due")));
    if (carry != null) {
      events = events.unionByName(carry);
    }

    // Probes: one row per instalment at the end of its due date, after that day's money, so the
    // running totals read there are "paid by the due date" and "cumulative due up to it".
    Dataset<Row> probes =
        instalments.select(
            col(ACCOUNT_ID),
            col("due_date").as("day"),
            zero.as("d_billed"),
            zero.as("d_past_due"),
            zero.as("d_paid"),
            amount(col("amount_due")).as("d_cum_due"),
            lit(1).as("kind"),
            col("instalment_id"),
            amount(col("amount_due")).as("amount_due"));

    // The changes of a day summed into one row (kind 0), the probes kept one per instalment (kind
    // 1: an instalment id is a key). Shuffled once, by account: that partitioning serves both
    // the sum and the windows below, where grouping by (account, day) first would shuffle twice.
    Dataset<Row> rows =
        events
            .withColumn("kind", lit(0))
            .withColumn("instalment_id", lit(null).cast(DataTypes.StringType))
            .withColumn("amount_due", lit(null).cast(TOTAL))
            .unionByName(probes)
            .repartition(col(ACCOUNT_ID))
            .groupBy(col(ACCOUNT_ID), col("day"), col("kind"), col("instalment_id"))
            .agg(
                amount(sum("d_billed")).as("d_billed"),
                amount(sum("d_past_due")).as("d_past_due"),
                amount(sum("d_paid")).as("d_paid"),
                amount(sum("d_cum_due")).as("d_cum_due"),
                amount(sum("amount_due")).as("amount_due"));

    WindowSpec ordered =
        Window.partitionBy(ACCOUNT_ID).orderBy(col("day"), col("kind"), col("instalment_id"));
    WindowSpec running = ordered.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    // A segment ends the day before the next change. When a probe comes next (due date p), the
    // next change is p + 1, the instalment's own "past due" event, so the segment ends on p.
    Column segEnd =
        when(lead(col("kind"), 1).over(ordered).equalTo(1), lead(col("day"), 1).over(ordered))
            .otherwise(date_sub(lead(col("day"), 1).over(ordered), 1));
    Column revolvingRow = lit(false);
    if (anyRevolving) {
      rows = rows.join(revolving, new String[] {ACCOUNT_ID}, "left");
      revolvingRow = coalesce(col(REVOLVING), lit(false));
    }
    Dataset<Row> timeline =
        rows.select(
            col(ACCOUNT_ID),
            col("day"),
            segEnd.as(SEG_END),
            col("kind"),
            col("instalment_id"),
            col("amount_due"),
            revolvingRow.as(REVOLVING),
            amount(sum("d_billed").over(running)).as(BILLED),
            amount(sum("d_past_due").over(running)).as(PAST_DUE),
            amount(sum("d_paid").over(running)).as(PAID),
            amount(sum("d_cum_due").over(running)).as("cum_due"));
    if (anyRevolving) {
      // Capped at the bills: less the largest excess of money over bills seen so far.
      Column excess = greatest(zero, max(col(PAID).minus(col(BILLED))).over(running));
      timeline =
          timeline.withColumn(
              PAID, amount(when(col(REVOLVING), col(PAID).minus(excess)).otherwise(col(PAID))));
    }
    timeline = timeline.drop(REVOLVING);

    return fromTimeline(timeline);
  }

  /** Segments and outcomes from the running totals of every change and instalment probe. */
  private static Result fromTimeline(Dataset<Row> timeline) {
    Column zero = lit(0).cast(TOTAL);
    Dataset<Row> outcomes =
        timeline
            .filter(col("kind").equalTo(1))
            .select(
                col(ACCOUNT_ID),
                col("instalment_id"),
                col("day").as("due_date"),
                col("amount_due"),
                amount(
                        greatest(
                            zero,
                            least(
                                col("amount_due"),
                                col(PAID).minus(col("cum_due").minus(col("amount_due"))))))
                    .as("paid_by_due"))
            .withColumn("on_time", col("paid_by_due").geq(col("amount_due")))
            .withColumn(
                "partial", col("paid_by_due").gt(0).and(col("paid_by_due").lt(col("amount_due"))));

    // The merge: segments (at their paid total) and instalments (at their cumulative due) in
    // descending amount order; a segment's oldest unpaid instalment is the nearest instalment
    // before it, i.e. the smallest cumulative due above what was paid. On equal amounts the segment
    // comes first: an instalment whose cumulative due equals the paid total is fully paid.
    // Every timeline row is one row of the merge: a projection, not a union of two filtered
    // copies, so the rows keep the timeline's partitioning by account and the merge's window
    // needs no shuffle.
    Column segment = col("kind").equalTo(0);
    Dataset<Row> merged =
        timeline.select(
            col(ACCOUNT_ID),
            when(segment, col(PAID)).otherwise(col("cum_due")).as("amount_key"),
            col("kind").as("merge_order"),
            when(not(segment), col("day")).as("threshold_due"),
            when(segment, col("day")).as(SEG_START),
            when(segment, col(SEG_END)).as(SEG_END),
            when(segment, col(BILLED)).as(BILLED),
            when(segment, col(PAST_DUE)).as(PAST_DUE),
            when(segment, col(PAID)).as(PAID));
    WindowSpec byAmount =
        Window.partitionBy(ACCOUNT_ID)
            .orderBy(col("amount_key").desc(), col("merge_order"))
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> segments =
        merged
            .withColumn("oldest", last(col("threshold_due"), true).over(byAmount))
            .filter(col("merge_order").equalTo(0))
            .withColumn(
                OLDEST_DUE,
                when(col("oldest").lt(col(SEG_START)), col("oldest"))
                    .otherwise(lit(null).cast(DataTypes.DateType)))
            .drop("oldest", "amount_key", "merge_order", "threshold_due");

    // Days a threshold is crossed: inside a segment when DPD reaches it there, or on the first day
    // of a segment that starts at or above it after a day below it (a reversal re-opening old
    // debt).
    WindowSpec bySegment = Window.partitionBy(ACCOUNT_ID).orderBy(SEG_START);
    segments =
        segments.withColumn(
            "prev_dpd", coalesce(lag(dpdOn(col(SEG_END)), 1).over(bySegment), lit(0)));
    for (int t : ENTRY_THRESHOLDS) {
      Column reach = date_add(col(OLDEST_DUE), t);
      segments =
          segments.withColumn(
              enteredOn(t),
              when(col(OLDEST_DUE).isNull(), lit(null).cast(DataTypes.DateType))
                  .when(
                      reach
                          .gt(col(SEG_START))
                          .and(col(SEG_END).isNull().or(reach.leq(col(SEG_END)))),
                      reach)
                  .when(reach.leq(col(SEG_START)).and(col("prev_dpd").lt(t)), col(SEG_START)));
    }
    return new Result(segments.drop("prev_dpd"), outcomes, timeline);
  }

  /**
   * {@code account_id, day, d_paid}: money received (+) on the local day of each payment that
   * succeeded or was later reversed, and taken back (-) on the local day of each reversal; dated
   * faster when {@code bookZones} lists the accounts' zones (empty: every zone from its column).
   */
  public static Dataset<Row> moneyMoves(
      Dataset<Row> repayments, Dataset<Row> zones, List<String> bookZones) {
    Dataset<Row> moves =
        repayments
            .filter(
                col("status").isin(PaymentStatus.SUCCEEDED.name(), PaymentStatus.REVERSED.name()))
            .select(ACCOUNT_ID, "paid_at", "amount", "status", "reversed_at")
            .join(zones, ACCOUNT_ID);
    return moves
        .select(
            col(ACCOUNT_ID),
            LocalDays.of(col("paid_at"), col(LocalDays.ZONE), bookZones).as("day"),
            amount(col("amount")).as("d_paid"))
        .unionByName(
            moves
                .filter(
                    col("status")
                        .equalTo(PaymentStatus.REVERSED.name())
                        .and(col("reversed_at").isNotNull()))
                .select(
                    col(ACCOUNT_ID),
                    LocalDays.of(col("reversed_at"), col(LocalDays.ZONE), bookZones).as("day"),
                    amount(functions.negate(col("amount"))).as("d_paid")));
  }

  private static Column amount(Column c) {
    return c.cast(TOTAL);
  }

  /** DPD on {@code day} (a date column inside the segment) of a segments row. */
  public static Column dpdOn(Column day) {
    return when(col(OLDEST_DUE).isNull(), lit(0)).otherwise(datediff(day, col(OLDEST_DUE)));
  }

  /** Overdue amount of a segments row (past due and not paid). */
  public static Column overdue() {
    return greatest(lit(0), col(PAST_DUE).minus(col(PAID)));
  }

  /** Billed and not yet paid, of a segments row. */
  public static Column outstanding() {
    return greatest(lit(0), col(BILLED).minus(col(PAID)));
  }

  /** Money received beyond everything billed, of a segments row. */
  public static Column credit() {
    return greatest(lit(0), col(PAID).minus(col(BILLED)));
  }
}
