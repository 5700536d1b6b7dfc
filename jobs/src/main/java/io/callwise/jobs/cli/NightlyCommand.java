package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.nightly.NightlyJob;
import io.callwise.jobs.scoring.PolicyConfig;
import io.callwise.jobs.storage.Lake;
import io.callwise.policy.PolicySettings;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise nightly}: the whole night for one date, each step once. */
@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    header = "Ingest (when --input is given) -> features for --date -> score -> publish.",
    description =
        "Steps already done for the date with the same inputs are skipped ({root}/ops/nightly_steps); after a crash, run the same command again: it repeats only what did not finish and publishes once.")
public final class NightlyCommand extends JobCommand {

  @Option(
      names = "--date",
      required = true,
      description = "The night's date (features as of its end).")
  LocalDate date;

  @Option(
      names = "--input",
      paramLabel = "URI",
      description = "New export to ingest first ({input}/{table}/).")
  String input;

  @Option(names = "--batch-id", description = "Batch id of --input (required with it).")
  String batchId;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      description = "When the export was taken (ISO-8601, UTC). Default: now.")
  String asOf;

  Optional<IngestOptions> ingest;
  PolicySettings policy;

  @Override
  protected void validate(Config config) {
    if ((input == null) != (batchId == null)) {
      throw new IllegalArgumentException("--input and --batch-id go together.");
    }
    ingest =
        input == null
            ? Optional.empty()
            : Optional.of(IngestOptions.fromConfig(config, input, batchId, asOf, null));
    policy = PolicyConfig.settings(config);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    NightlyJob.Report report =
        NightlyJob.run(
            spark,
            lake,
            new NightlyJob.Options(
                date, ingest, policy, config.getLong(ConfigKeys.FEATURES_BROADCAST_MAX_ACCOUNTS)));
    System.out.print(report.render());
    return 0;
  }
}
