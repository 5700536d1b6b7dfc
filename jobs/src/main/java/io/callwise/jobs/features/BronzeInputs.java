package io.callwise.jobs.features;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count_distinct;

import io.callwise.contract.RawTables;
import io.callwise.features.FeatureCatalog;
import io.callwise.features.FeatureInputs;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import io.callwise.features.Source;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The bronze tables as feature inputs, each read only as far back as the dates need it. */
final class BronzeInputs {

  private BronzeInputs() {}

  /**
   * Promise dates are taken to fall at most this many days after the promise; contacts older than
   * the promise window plus this are not read.
   */
  static final int PROMISE_LEAD_DAYS = 180;

  /**
   * Inputs for features at {@code snapshots}. Transactions and contacts, the large event tables,
   * are read only from the months the longest window of their features reaches; the DPD engine
   * needs the whole repayment history, and accounts, complaints and arrangements describe states
   * that can be old, so those are read whole (they are small).
   */
  static FeatureInputs forFeatures(
      SparkSession spark, Lake lake, Snapshots snapshots, long broadcastMaxAccounts) {
    var accounts = Bronze.table(spark, lake, RawTables.ACCOUNTS);
    int contactDays =
        Math.max(
            Math.max(
                FeatureCatalog.lookbackDays(Source.CONTACTS),
                FeatureCatalog.lookbackDays(Source.PROMISES) + PROMISE_LEAD_DAYS),
            FeatureCatalog.lookbackDays(Source.CONTACT_RESPONSES) + FeatureSources.RESPONSE_DAYS);
    return inputs(
        accounts,
        Bronze.months(
            spark,
            lake,
            RawTables.TRANSACTIONS,
            snapshots.first().minusDays(FeatureCatalog.lookbackDays(Source.TRANSACTIONS)),
            snapshots.last()),
        Bronze.table(spark, lake, RawTables.INSTALMENTS),
        Bronze.table(spark, lake, RawTables.REPAYMENTS),
        Bronze.months(
            spark,
            lake,
            RawTables.CONTACTS,
            snapshots.first().minusDays(contactDays),
            snapshots.last()),
        Bronze.table(spark, lake, RawTables.COMPLAINTS),
        Bronze.table(spark, lake, RawTables.ARRANGEMENTS),
        Tables.bronze(RawTables.STATEMENTS).exists(spark, lake)
            ? Bronze.table(spark, lake, RawTables.STATEMENTS)
            : null,
        broadcastMaxAccounts);
  }

  /**
   * What the inputs need to know of the book's accounts, in one aggregate: whether they are few
   * enough to broadcast their time zones, and the distinct zones (a few names, never per-account
   * data), which date events faster.
   */
  private record Book(boolean broadcast, List<String> zones) {}

  private static Book book(Dataset<Row> accounts, long broadcastMaxAccounts) {
    Row r =
        accounts
            .agg(count_distinct(col("account_id")), array_sort(collect_set(col("time_zone"))))
            .first();
    return new Book(r.getLong(0) <= broadcastMaxAccounts, r.getList(1));
  }

  private static FeatureInputs inputs(
      Dataset<Row> accounts,
      Dataset<Row> transactions,
      Dataset<Row> instalments,
      Dataset<Row> repayments,
      Dataset<Row> contacts,
      Dataset<Row> complaints,
      Dataset<Row> arrangements,
      Dataset<Row> statements,
      long broadcastMaxAccounts) {
    Book book = book(accounts, broadcastMaxAccounts);
    return new FeatureInputs(
        accounts,
        transactions,
        instalments,
        repayments,
        contacts,
        complaints,
        arrangements,
        statements,
        book.broadcast(),
        book.zones());
  }

  /**
   * Inputs for treatment outcomes: the repayment history and the contacts of the days after the
   * snapshots (contact dates).
   */
  static FeatureInputs forOutcomes(
      SparkSession spark, Lake lake, Snapshots snapshots, long broadcastMaxAccounts) {
    var accounts = Bronze.table(spark, lake, RawTables.ACCOUNTS);
    return inputs(
        accounts,
        null,
        Bronze.table(spark, lake, RawTables.INSTALMENTS),
        Bronze.table(spark, lake, RawTables.REPAYMENTS),
        Bronze.months(
            spark, lake, RawTables.CONTACTS, snapshots.first(), snapshots.last().plusDays(2)),
        null,
        null,
        null,
        broadcastMaxAccounts);
  }

  /** Inputs for labels and portfolio views: accounts and the repayment history only. */
  static FeatureInputs forDelinquency(SparkSession spark, Lake lake, long broadcastMaxAccounts) {
    var accounts = Bronze.table(spark, lake, RawTables.ACCOUNTS);
    return inputs(
        accounts,
        null,
        Bronze.table(spark, lake, RawTables.INSTALMENTS),
        Bronze.table(spark, lake, RawTables.REPAYMENTS),
        null,
        null,
        null,
        null,
        broadcastMaxAccounts);
  }
}
