package io.callwise.features;

import static io.callwise.features.Snapshots.FROM;
import static io.callwise.features.Snapshots.UNTIL;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callwise.common.LocalDays;
import io.callwise.contract.Codes.Channel;
import io.callwise.contract.Codes.ContactOutcome;
import io.callwise.contract.RawTables;
import io.callwise.delinquency.DelinquencyEngine;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * The rows of each {@link Source}, dated in local days and marked with the days they can matter for
 * ({@code relevant_from}, {@code relevant_until}): from the day they become known, to the end of
 * the longest window of the source's features (or for as long as they describe a state in force).
 */
public final class FeatureSources implements AutoCloseable {

  private final FeatureInputs in;
  private final Dataset<Row> zones;
  private final DelinquencyEngine.Result engine;
  private final Dataset<Row> moves;

  /** Sources over the whole history. */
  public FeatureSources(FeatureInputs in) {
    this(in, null);
  }

  /**
   * Sources whose delinquency history needs to be exact only from {@code exactFrom} on (null: from
   * the beginning); older repayment history of settled accounts is then reduced to totals ({@link
   * DelinquencyEngine#run(Dataset, Dataset, Dataset, java.time.LocalDate)}).
   */
  public FeatureSources(FeatureInputs in, LocalDate exactFrom) {
    this(in, exactFrom, false);
  }

  /**
   * As {@link #FeatureSources(FeatureInputs, java.time.LocalDate)}; with {@code cache}, the DPD
   * engine's running totals and the money moves (promises, contact responses and statement payments
   * each read them) are computed once for all their readers and kept until {@link #close}.
   */
  public FeatureSources(FeatureInputs in, LocalDate exactFrom, boolean cache) {
    this(in, engine(in, exactFrom), cache);
  }

  /**
   * Sources whose delinquency history is {@code history}, computed beforehand (for instance kept
   * between runs, {@link io.callwise.delinquency.DelinquencyState}) from the same inputs; with
   * {@code cache} as {@link #FeatureSources(FeatureInputs, LocalDate, boolean)}.
   */
  public FeatureSources(FeatureInputs in, DelinquencyEngine.Result history, boolean cache) {
    this.in = in;
    // dropped before the broadcast hint, which then sits right under the joins it is for
    this.zones =
        smallBroadcast(
            in, DelinquencyEngine.accountTerms(in.accounts()).drop(DelinquencyEngine.REVOLVING));
    this.engine = cache ? history.cached() : history;
    Dataset<Row> m = DelinquencyEngine.moneyMoves(in.repayments(), zones, in.bookZones());
    this.moves = cache ? m.persist(StorageLevel.MEMORY_AND_DISK()) : m;
  }

  /**
   * {@code account_id, time_zone, revolving} of every account, broadcast when the book is small.
   */
  public static Dataset<Row> terms(FeatureInputs in) {
    return smallBroadcast(in, DelinquencyEngine.accountTerms(in.accounts()));
  }

  private static Dataset<Row> smallBroadcast(FeatureInputs in, Dataset<Row> perAccount) {
    return in.broadcastAccounts() ? broadcast(perAccount) : perAccount;
  }

  /** The DPD engine over the whole of {@code in}, exact from {@code exactFrom}. */
  public static DelinquencyEngine.Result engine(FeatureInputs in, LocalDate exactFrom) {
    return DelinquencyEngine.run(
        in.instalments(), in.repayments(), terms(in), exactFrom, in.bookZones());
  }

  @Override
  public void close() {
    engine.release();
    moves.unpersist();
  }

  public Dataset<Row> zones() {
    return zones;
  }

  public DelinquencyEngine.Result engine() {
    return engine;
  }

  private Dataset<Row> dated(Dataset<Row> table, String instantColumn) {
    return table.join(zones, "account_id").withColumn("event_day", local(instantColumn));
  }

  private Column local(String instantColumn) {
    return LocalDays.of(col(instantColumn), col(LocalDays.ZONE), in.bookZones());
  }

  /** Known from the event day, relevant for the source's longest window. */
  private static Dataset<Row> eventWindow(Dataset<Row> rows, Source source) {
    return rows.withColumn(FROM, col("event_day"))
        .withColumn(UNTIL, date_add(col("event_day"), FeatureCatalog.lookbackDays(source) - 1));
  }

  private static final Column FOREVER = Snapshots.date(Snapshots.FOREVER);

  /** Account versions, each in force from its local day to the day before the next one. */
  public Dataset<Row> accounts() {
    return dated(in.accounts().drop(LocalDays.ZONE), "updated_at")
        .withColumn(FROM, col("event_day"))
        .withColumn(
            UNTIL,
            date_sub(
                lead(col("event_day"), 1)
                    .over(Window.partitionBy("account_id").orderBy("updated_at")),
                1));
  }

  /**
   * Each account's state at the end of each snapshot date: {@code account_id, as_of_date, product,
   * status, opened_date, dpd, overdue_amount, outstanding_balance}. Accounts opened after the date
   * or not yet known are left out; closed ones are kept (a caller that needs only open accounts
   * filters on status).
   */
  public Dataset<Row> states(Snapshots snapshots) {
    Column d = col(Snapshots.AS_OF_DATE);
    Dataset<Row> accounts =
        snapshots
            .spread(accounts())
            .filter(col("opened_date").leq(d))
            .select(col("account_id"), d, col("product"), col("status"), col("opened_date"));
    Dataset<Row> dpd =
        snapshots
            .spread(
                engine
                    .segments()
                    .withColumn(FROM, col(DelinquencyEngine.SEG_START))
                    .withColumn(UNTIL, col(DelinquencyEngine.SEG_END)))
            .select(
                col("account_id"),
                d,
                DelinquencyEngine.dpdOn(d).as("dpd"),
                DelinquencyEngine.overdue().as("overdue_amount"),
                DelinquencyEngine.outstanding().as("outstanding_balance"));
    return accounts
        .join(dpd, new String[] {"account_id", Snapshots.AS_OF_DATE}, "left")
        .withColumn("dpd", coalesce(col("dpd"), lit(0)))
        .withColumn("overdue_amount", coalesce(col("overdue_amount"), lit(0)))
        .withColumn("outstanding_balance", coalesce(col("outstanding_balance"), lit(0)));
  }

  public Dataset<Row> rows(Source source) {
    return switch (source) {
      case DELINQUENCY ->
          engine
              .segments()
              .withColumn(FROM, col(DelinquencyEngine.SEG_START))
              .withColumn(
                  UNTIL,
                  date_add(
                      col(DelinquencyEngine.SEG_END), FeatureCatalog.lookbackDays(source) - 1));
      case INSTALMENTS ->
          eventWindow(engine.instalmentOutcomes().withColumn("event_day", col("due_date")), source);
      case REPAYMENTS ->
          eventWindow(
              dated(
                      in.repayments()
                          .select(
                              "account_id", "paid_at", "amount", "method", "status", "reversed_at"),
                      "paid_at")
                  .withColumn("reversed_day", local("reversed_at")),
              source);
      case TRANSACTIONS ->
          eventWindow(
              dated(
                  in.transactions()
                      .select("account_id", "txn_time", "txn_type", "amount", "status"),
                  "txn_time"),
              source);
      case CONTACTS ->
          eventWindow(
              dated(
                  in.contacts().select("account_id", "contact_time", "channel", "outcome"),
                  "contact_time"),
              source);
      case PROMISES -> promises();
      case CONTACT_RESPONSES -> contactResponses();
      case COMPLAINTS -> {
        Dataset<Row> rows =
            dated(
                    in.complaints().select("account_id", "opened_at", "resolved_at", "category"),
                    "opened_at")
                .withColumn("resolved_day", local("resolved_at"));
        yield rows.withColumn(FROM, col("event_day"))
            .withColumn(
                UNTIL,
                orForever(
                    greatest(
                        date_add(col("event_day"), FeatureCatalog.lookbackDays(source) - 1),
                        coalesce(date_sub(col("resolved_day"), 1), FOREVER))));
      }
      case ARRANGEMENTS -> {
        int lookback = FeatureCatalog.lookbackDays(source);
        Dataset<Row> rows =
            dated(
                    in.arrangements()
                        .select(
                            "account_id",
                            "arrangement_type",
                            "created_at",
                            "start_date",
                            "end_date",
                            "status",
                            "closed_at"),
                    "created_at")
                .withColumn("closed_day", local("closed_at"));
        Column inForceUntil =
            least(
                coalesce(col("end_date"), FOREVER),
                coalesce(date_sub(col("closed_day"), 1), FOREVER));
        yield rows.withColumn(FROM, col("event_day"))
            .withColumn(
                UNTIL,
                orForever(
                    greatest(
                        date_add(col("event_day"), lookback - 1),
                        date_add(col("closed_day"), lookback - 1),
                        inForceUntil)));
      }
      case SCHEDULE -> eventWindow(schedule(), source);
      case STATEMENTS -> eventWindow(statements(), source);
      case STATEMENT_PAYMENTS -> eventWindow(statementPayments(), source);
      case ACCOUNT, DERIVED ->
          throw new IllegalArgumentException(source + " has no event rows of its own");
    };
  }

  /**
   * One row per instalment on its statement date with the loan principal it leaves outstanding
   * (empty when the export has no such column).
   */
  private Dataset<Row> schedule() {
    Dataset<Row> inst = in.instalments();
    Column outstanding =
        Arrays.asList(inst.columns()).contains("principal_outstanding")
            ? col("principal_outstanding").cast("double")
            : lit(null).cast("double");
    return inst.select(
        col("account_id"),
        col("statement_date").as("event_day"),
        outstanding.as("principal_outstanding"));
  }

  /** The statements as doubles, with utilization; empty when the lender exports none. */
  private Dataset<Row> statementRows() {
    Dataset<Row> st =
        in.statements() == null
            ? in.instalments()
                .sparkSession()
                .createDataFrame(List.of(), RawTables.STATEMENTS.schema())
            : in.statements();
    Column balance = col("statement_balance").cast("double");
    Column limit = col("credit_limit").cast("double");
    return st.select(
        col("account_id"),
        col("statement_date"),
        col("due_date"),
        balance.as("balance"),
        col("minimum_due").cast("double").as("minimum"),
        limit.as("limit"),
        when(limit.gt(0), balance.divide(limit)).as("utilization"),
        balance.gt(limit).as("over_limit"));
  }

  /** One row per statement on its statement date (a statement is known from the day it is cut). */
  private Dataset<Row> statements() {
    return statementRows().withColumn("event_day", col("statement_date"));
  }

  /**
   * One row per statement on its due date: the net money received from the day after the statement
   * date to the end of the due date (as known then: a reversal counts on its own day), whether it
   * paid the balance in full, at least the minimum or less, and how many statements in a row up to
   * this one were not paid in full.
   */
  private Dataset<Row> statementPayments() {
    Dataset<Row> st = statementRows().as("s");
    Dataset<Row> moves = moneyMoves().as("m");
    Dataset<Row> paid =
        st.join(
                moves,
                col("s.account_id")
                    .equalTo(col("m.account_id"))
                    .and(col("m.day").gt(col("s.statement_date")))
                    .and(col("m.day").leq(col("s.due_date"))),
                "left")
            .groupBy(
                col("s.account_id"),
                col("s.statement_date"),
                col("s.due_date"),
                col("s.balance"),
                col("s.minimum"))
            .agg(coalesce(sum(col("m.d_paid")), lit(0.0)).cast("double").as("paid"));
    Column full = col("balance").leq(0).or(col("paid").geq(col("balance")));
    WindowSpec byDue = Window.partitionBy("account_id").orderBy("due_date", "statement_date");
    Column fullSoFar =
        sum(when(full, 1).otherwise(0))
            .over(byDue.rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
    return paid.withColumn("paid_in_full", full)
        .withColumn("paid_minimum", not(full).and(col("paid").geq(col("minimum"))))
        .withColumn("paid_below_minimum", col("paid").lt(col("minimum")))
        .withColumn("payment_ratio", when(col("balance").gt(0), col("paid").divide(col("balance"))))
        .withColumn("__full_so_far", fullSoFar)
        .withColumn(
            "revolving_in_a_row",
            when(full, lit(0))
                .otherwise(
                    row_number()
                        .over(
                            Window.partitionBy(col("account_id"), col("__full_so_far"))
                                .orderBy("due_date", "statement_date"))
                        .minus(when(col("__full_so_far").gt(0), 1).otherwise(0))))
        .drop("__full_so_far")
        .withColumn("event_day", col("due_date"));
  }

  /**
   * {@code account_id, day, d_paid}: money received per account and local day, reversals on the day
   * they are known.
   */
  public Dataset<Row> moneyMoves() {
    return moves;
  }

  private static Column orForever(Column until) {
    return when(until.lt(FOREVER), until);
  }

  /**
   * Promises to pay, resolved at the end of their promise date: kept when the net money received
   * from the day of the promise to the promise date reaches the promised amount.
   */
  /** Days after a contact in which a payment counts as its answer (the contact's day is day 0). */
  public static final int RESPONSE_DAYS = 3;

  private Dataset<Row> contactResponses() {
    Column call = col("channel").equalTo(Channel.CALL.name());
    Column reached =
        call.and(
                col("outcome")
                    .isin(ContactOutcome.CONNECTED.name(), ContactOutcome.PROMISE_TO_PAY.name()))
            .or(
                col("channel")
                    .isin(Channel.SMS.name(), Channel.PUSH.name(), Channel.EMAIL.name())
                    .and(
                        col("outcome")
                            .isin(ContactOutcome.DELIVERED.name(), ContactOutcome.READ.name())));
    Dataset<Row> contacts =
        dated(
                in.contacts()
                    .filter(reached)
                    .select("contact_id", "account_id", "contact_time", "channel"),
                "contact_time")
            .withColumnRenamed("event_day", "contact_day");
    Dataset<Row> moves = moneyMoves().as("m");
    Dataset<Row> answered =
        contacts
            .as("c")
            .join(
                moves,
                col("c.account_id")
                    .equalTo(col("m.account_id"))
                    .and(
                        col("m.day")
                            .between(
                                col("c.contact_day"),
                                date_add(col("c.contact_day"), RESPONSE_DAYS))),
                "left")
            .groupBy(
                col("c.contact_id"), col("c.account_id"), col("c.contact_day"), col("c.channel"))
            .agg(sum(col("m.d_paid")).as("received"));
    return answered
        .select(
            col("account_id"),
            col("channel"),
            date_add(col("contact_day"), RESPONSE_DAYS).as("event_day"),
            coalesce(col("received"), lit(0)).gt(0).as("answered"))
        .withColumn(FROM, col("event_day"))
        .withColumn(
            UNTIL,
            date_add(col("event_day"), FeatureCatalog.lookbackDays(Source.CONTACT_RESPONSES) - 1));
  }

  private Dataset<Row> promises() {
    Dataset<Row> promises =
        dated(
                in.contacts()
                    .filter(col("outcome").equalTo(ContactOutcome.PROMISE_TO_PAY.name()))
                    .select(
                        "contact_id",
                        "account_id",
                        "contact_time",
                        "promise_amount",
                        "promise_date"),
                "contact_time")
            .withColumnRenamed("event_day", "contact_day");
    Dataset<Row> moves = moneyMoves().as("m");
    Dataset<Row> received =
        promises
            .as("p")
            .join(
                moves,
                col("p.account_id")
                    .equalTo(col("m.account_id"))
                    .and(col("m.day").between(col("p.contact_day"), col("p.promise_date"))),
                "left")
            .groupBy(
                col("p.contact_id"),
                col("p.account_id"),
                col("p.contact_day"),
                col("p.promise_date"),
                col("p.promise_amount"))
            .agg(sum(col("m.d_paid")).as("received"));
    return received
        .select(
            col("account_id"),
            col("contact_day"),
            col("promise_date").as("event_day"),
            col("promise_amount"),
            coalesce(col("received"), lit(0)).geq(col("promise_amount")).as("kept"))
        .withColumn(FROM, col("contact_day"))
        .withColumn(
            UNTIL, date_add(col("event_day"), FeatureCatalog.lookbackDays(Source.PROMISES) - 1));
  }
}
