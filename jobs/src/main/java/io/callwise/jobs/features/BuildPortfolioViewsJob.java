package io.callwise.jobs.features;

import static org.apache.spark.sql.functions.min;

import io.callwise.contract.RawTables;
import io.callwise.features.FeatureInputs;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.portfolio.PortfolioViews;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code callwise portfolio}: roll rates between month ends and vintage curves, over the whole
 * ingested history, into {@code {root}/portfolio/roll_rates} and {@code {root}/portfolio/vintages}
 * (each replaced whole, in one commit).
 */
public final class BuildPortfolioViewsJob {

  private BuildPortfolioViewsJob() {}

  public record Report(
      LocalDate historyStart, LocalDate observedThrough, long rollRateRows, long vintageRows) {

    public String render() {
      return String.format(
          Locale.ROOT,
          "portfolio views over %s..%s: roll_rates %,d rows, vintages %,d rows%n",
          historyStart,
          observedThrough,
          rollRateRows,
          vintageRows);
    }
  }

  public static Report run(SparkSession spark, Lake lake, long broadcastMaxAccounts) {
    Bronze.Coverage coverage = Bronze.coverage(spark, lake);
    LocalDate observed = coverage.completeThrough();
    FeatureInputs in =
        BronzeInputs.forDelinquency(
            spark,
            lake,
            coverage,
            broadcastMaxAccounts,
            DelinquencyStore.latestVersions(spark, lake));
    Date first = in.instalments().agg(min("statement_date")).first().getDate(0);
    if (first == null) {
      throw new JobFailedException(
          "bronze instalments at "
              + Tables.bronze(RawTables.INSTALMENTS).path(lake)
              + " is empty: there is no"
              + " repayment history to build portfolio views from. Fix: ingest an export with"
              + " instalments.");
    }
    LocalDate start = first.toLocalDate();
    FeatureSources sources = new FeatureSources(in);
    Snapshots monthEnds = PortfolioViews.monthEnds(start, observed);
    Dataset<Row> rolls = PortfolioViews.rollRates(sources, monthEnds);
    Tables.ROLL_RATES.replaceAll(spark, lake, rolls);
    Dataset<Row> vintages = PortfolioViews.vintages(sources, start, observed);
    Tables.VINTAGES.replaceAll(spark, lake, vintages);
    long r = Tables.ROLL_RATES.read(spark, lake).count();
    long v = Tables.VINTAGES.read(spark, lake).count();
    return new Report(start, observed, r, v);
  }
}
