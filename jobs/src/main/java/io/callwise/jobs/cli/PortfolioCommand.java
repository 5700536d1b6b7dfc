package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.features.BuildPortfolioViewsJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/** {@code callwise portfolio}: roll rates and vintage curves over the ingested history. */
@Command(
    name = "portfolio",
    mixinStandardHelpOptions = true,
    header =
        "Build the roll-rate matrix (month-end DPD bucket to next month-end bucket) and the vintage curves (share ever 30+ days past due by months on book) over the whole ingested history, into {root}/portfolio/roll_rates and {root}/portfolio/vintages.")
public final class PortfolioCommand extends JobCommand {

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    BuildPortfolioViewsJob.Report report =
        BuildPortfolioViewsJob.run(
            spark, lake, config.getLong(ConfigKeys.FEATURES_BROADCAST_MAX_ACCOUNTS));
    System.out.print(report.render());
    System.out.println(
        "  tables: " + Tables.ROLL_RATES.path(lake) + ", " + Tables.VINTAGES.path(lake));
    return 0;
  }
}
