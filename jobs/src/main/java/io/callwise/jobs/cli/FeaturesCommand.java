package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.features.Snapshots;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.features.BuildFeaturesJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code callwise features}: borrower features as of one date or a range of dates. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    header =
        "Compute the feature catalog (docs/FEATURES.md) for each account as of the end of the given date(s), in one pass over the bronze history, into {root}/features/account_features.",
    description = "Re-running a date replaces it.")
public final class FeaturesCommand extends JobCommand {

  @Mixin DateSelection dates = new DateSelection();

  Snapshots snapshots;

  @Override
  protected void validate(Config config) {
    snapshots = dates.snapshots();
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    BuildFeaturesJob.Report report =
        BuildFeaturesJob.run(
            spark,
            lake,
            new BuildFeaturesJob.Options(
                snapshots, config.getLong(ConfigKeys.FEATURES_BROADCAST_MAX_ACCOUNTS)));
    System.out.print(report.render());
    System.out.println("  table: " + Tables.ACCOUNT_FEATURES.path(lake));
    return 0;
  }
}
