package io.callwise.jobs.features;

import static org.apache.spark.sql.functions.min;

import io.callwise.features.FeatureInputs;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.DeltaOutputs;
import io.callwise.jobs.storage.Lake;
import io.callwise.portfolio.PortfolioViews;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
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
    LocalDate observed = Bronze.coverage(spark, lake).completeThrough();
    FeatureInputs in = BronzeInputs.forDelinquency(spark, lake, broadcastMaxAccounts);
    Date first = in.instalments().agg(min("statement_date")).first().getDate(0);
    if (first == null) {
      throw new JobFailedException(
          "bronze instalments at "
              + lake.bronze("instalments")
              + " is empty: there is no"
              + " repayment history to build portfolio views from. Fix: ingest an export with"
              + " instalments.");
    }
    LocalDate start = first.toLocalDate();
    FeatureSources sources = new FeatureSources(in);
    Snapshots monthEnds = PortfolioViews.monthEnds(start, observed);
    Dataset<Row> rolls = PortfolioViews.rollRates(sources, monthEnds);
    DeltaOutputs.replaceAll(spark, rolls, lake.portfolio("roll_rates"), rolls.schema(), List.of());
    Dataset<Row> vintages = PortfolioViews.vintages(sources, start, observed);
    DeltaOutputs.replaceAll(
        spark, vintages, lake.portfolio("vintages"), vintages.schema(), List.of());
    long r = spark.read().format("delta").load(lake.portfolio("roll_rates")).count();
    long v = spark.read().format("delta").load(lake.portfolio("vintages")).count();
    return new Report(start, observed, r, v);
  }
}
