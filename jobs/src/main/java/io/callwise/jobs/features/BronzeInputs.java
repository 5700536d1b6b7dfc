package io.callwise.jobs.features;

import io.callwise.contract.RawTables;
import io.callwise.features.FeatureCatalog;
import io.callwise.features.FeatureInputs;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import io.callwise.features.Source;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import java.util.Map;
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
   * Inputs for features at {@code snapshots}, dated in the zones of {@code coverage}, with the DPD
   * engine's tables read at the versions {@code pinned} (by table name; {@link
   * DelinquencyStore#latestVersions}). Transactions and contacts, the large event tables, are read
   * only from the months the longest window of their features reaches; the DPD engine needs the
   * whole repayment history, and accounts, complaints and arrangements describe states that can be
   * old, so those are read whole (they are small).
   */
  static FeatureInputs forFeatures(
      SparkSession spark,
      Lake lake,
      Bronze.Coverage coverage,
      Snapshots snapshots,
      long broadcastMaxAccounts,
      Map<String, Long> pinned) {
    var accounts = Bronze.table(spark, lake, RawTables.ACCOUNTS, pinned.get("accounts"));
    int contactDays =
        Math.max(
            Math.max(
                FeatureCatalog.lookbackDays(Source.CONTACTS),
                FeatureCatalog.lookbackDays(Source.PROMISES) + PROMISE_LEAD_DAYS),
            FeatureCatalog.lookbackDays(Source.CONTACT_RESPONSES) + FeatureSources.RESPONSE_DAYS);
    return new FeatureInputs(
        accounts,
        Bronze.months(
            spark,
            lake,
            RawTables.TRANSACTIONS,
            snapshots.first().minusDays(FeatureCatalog.lookbackDays(Source.TRANSACTIONS)),
            snapshots.last()),
        Bronze.table(spark, lake, RawTables.INSTALMENTS, pinned.get("instalments")),
        Bronze.table(spark, lake, RawTables.REPAYMENTS, pinned.get("repayments")),
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
        small(accounts, broadcastMaxAccounts),
        coverage.zones());
  }

  /** Whether the book's accounts are few enough to broadcast their time zones. */
  private static boolean small(Dataset<Row> accounts, long broadcastMaxAccounts) {
    return accounts.select("account_id").distinct().count() <= broadcastMaxAccounts;
  }

  /**
   * Inputs for treatment outcomes: the repayment history and the contacts of the days after the
   * snapshots (contact dates).
   */
  static FeatureInputs forOutcomes(
      SparkSession spark,
      Lake lake,
      Bronze.Coverage coverage,
      Snapshots snapshots,
      long broadcastMaxAccounts,
      Map<String, Long> pinned) {
    var accounts = Bronze.table(spark, lake, RawTables.ACCOUNTS, pinned.get("accounts"));
    return new FeatureInputs(
        accounts,
        null,
        Bronze.table(spark, lake, RawTables.INSTALMENTS, pinned.get("instalments")),
        Bronze.table(spark, lake, RawTables.REPAYMENTS, pinned.get("repayments")),
        Bronze.months(
            spark, lake, RawTables.CONTACTS, snapshots.first(), snapshots.last().plusDays(2)),
        null,
        null,
        null,
        small(accounts, broadcastMaxAccounts),
        coverage.zones());
  }

  /**
   * Inputs for labels and portfolio views: accounts and the repayment history only, read at the
   * versions {@code pinned} (as {@link #forFeatures}).
   */
  static FeatureInputs forDelinquency(
      SparkSession spark,
      Lake lake,
      Bronze.Coverage coverage,
      long broadcastMaxAccounts,
      Map<String, Long> pinned) {
    var accounts = Bronze.table(spark, lake, RawTables.ACCOUNTS, pinned.get("accounts"));
    return new FeatureInputs(
        accounts,
        null,
        Bronze.table(spark, lake, RawTables.INSTALMENTS, pinned.get("instalments")),
        Bronze.table(spark, lake, RawTables.REPAYMENTS, pinned.get("repayments")),
        null,
        null,
        null,
        null,
        small(accounts, broadcastMaxAccounts),
        coverage.zones());
  }
}
