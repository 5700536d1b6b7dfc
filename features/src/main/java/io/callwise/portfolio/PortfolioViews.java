package io.callwise.portfolio;

import static io.callwise.features.Snapshots.AS_OF_DATE;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.Codes.AccountStatus;
import io.callwise.delinquency.Bucket;
import io.callwise.delinquency.DelinquencyEngine;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Portfolio views risk teams read: month-over-month roll rates between delinquency states, and
 * vintage curves of the share of accounts ever 30+ days past due by months on book.
 */
public final class PortfolioViews {

  private PortfolioViews() {}

  /**
   * The states of the roll-rate matrix in reading order: the delinquency buckets from current to
   * 180+, then written off and closed.
   */
  public static List<String> rollStates() {
    List<String> states = new ArrayList<>();
    for (Bucket b : Bucket.values()) {
      states.add(b.label());
    }
    states.add(AccountStatus.WRITTEN_OFF.name());
    states.add(AccountStatus.CLOSED.name());
    return List.copyOf(states);
  }

  /** Month ends from the month of {@code from} to the last one on or before {@code to}. */
  public static Snapshots monthEnds(LocalDate from, LocalDate to) {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate m = from.with(TemporalAdjusters.lastDayOfMonth());
        !m.isAfter(to);
        m = m.plusMonths(1).with(TemporalAdjusters.lastDayOfMonth())) {
      out.add(m);
    }
    return Snapshots.of(out);
  }

  /** State of an account for roll rates: its DPD bucket, or CLOSED / WRITTEN_OFF. */
  static Column state() {
    return when(
            col("status").isin(AccountStatus.CLOSED.name(), AccountStatus.WRITTEN_OFF.name()),
            col("status"))
        .otherwise(Bucket.of(col("dpd")));
  }

  /**
   * Roll rates: for each pair of consecutive month ends, accounts (and their outstanding balance at
   * the first) by state at the first and state at the second, with the share of the first state's
   * accounts. Accounts already CLOSED at the first month end are left out.
   *
   * <p>Columns: {@code month_end, next_month_end, from_state, to_state, accounts,
   * outstanding_balance, share_of_from}.
   */
  public static Dataset<Row> rollRates(FeatureSources sources, Snapshots monthEnds) {
    Dataset<Row> states =
        sources
            .states(monthEnds)
            .select(
                col("account_id"),
                col(AS_OF_DATE).as("month_end"),
                state().as("state"),
                col("outstanding_balance"));
    var byAccount = Window.partitionBy("account_id").orderBy("month_end");
    Dataset<Row> pairs =
        states
            .withColumn("next_month_end", lead(col("month_end"), 1).over(byAccount))
            .withColumn("to_state", lead(col("state"), 1).over(byAccount))
            .filter(col("next_month_end").isNotNull())
            .filter(col("state").notEqual(AccountStatus.CLOSED.name()));
    Dataset<Row> counts =
        pairs
            .groupBy(
                col("month_end"),
                col("next_month_end"),
                col("state").as("from_state"),
                col("to_state"))
            .agg(
                count(lit(1)).as("accounts"),
                sum("outstanding_balance")
                    .cast(DelinquencyEngine.AMOUNT)
                    .as("outstanding_balance"));
    return counts.withColumn(
        "share_of_from",
        col("accounts")
            .divide(sum("accounts").over(Window.partitionBy("month_end", "from_state")))
            .cast(DataTypes.DoubleType));
  }

  /**
   * Vintage curves: accounts opened in a month (on or after {@code historyStart}, so their whole
   * life is in the data) by product, and the share that had been 30+ days past due by the end of
   * each month on book that is fully observed by {@code observedThrough}.
   *
   * <p>Columns: {@code vintage_month, product, months_on_book, accounts, ever_30_plus,
   * ever_30_plus_rate}.
   */
  public static Dataset<Row> vintages(
      FeatureSources sources, LocalDate historyStart, LocalDate observedThrough) {
    Dataset<Row> opened =
        sources
            .accounts()
            .groupBy("account_id")
            .agg(
                min("opened_date").as("opened_date"),
                min_by(col("product"), col("updated_at")).as("product"))
            .filter(col("opened_date").geq(Snapshots.date(historyStart)));
    Dataset<Row> first30 =
        sources
            .engine()
            .segments()
            .groupBy("account_id")
            .agg(min(DelinquencyEngine.enteredOn(30)).as("first_30"));
    Column observed = Snapshots.date(observedThrough);
    // Months on book k ends on opened_date + k months - 1 day; observed when that is <= the end.
    Column fullMonths =
        floor(months_between(date_add(observed, 1), col("opened_date")))
            .cast(DataTypes.IntegerType);
    Dataset<Row> curve =
        opened
            .join(first30, new String[] {"account_id"}, "left")
            .filter(fullMonths.geq(1))
            .withColumn("months_on_book", explode(sequence(lit(1), fullMonths)))
            .withColumn(
                "mob_end", date_sub(add_months(col("opened_date"), col("months_on_book")), 1))
            .withColumn(
                "ever_30",
                when(col("first_30").isNotNull().and(col("first_30").leq(col("mob_end"))), 1)
                    .otherwise(0));
    return curve
        .groupBy(
            trunc(col("opened_date"), "month").as("vintage_month"),
            col("product"),
            col("months_on_book"))
        .agg(count(lit(1)).as("accounts"), sum("ever_30").cast("long").as("ever_30_plus"))
        .withColumn(
            "ever_30_plus_rate",
            col("ever_30_plus").divide(col("accounts")).cast(DataTypes.DoubleType));
  }
}
