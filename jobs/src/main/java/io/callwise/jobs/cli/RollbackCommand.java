package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.models.PromoteModelJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.labels.LabelCatalog;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise rollback}: restore a label's previous champion. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    header = "Retire a label's champion and restore the champion it replaced.",
    description = "Recorded in both models' history.")
public final class RollbackCommand extends JobCommand {

  @Option(
      names = "--label",
      required = true,
      completionCandidates = LabelNames.class,
      description = "Label whose champion to roll back: ${COMPLETION-CANDIDATES}.")
  String label;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why; recorded in the history.")
  String reason;

  @Override
  protected void validate(Config config) {
    LabelCatalog.require("--label", label);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    System.out.println(PromoteModelJob.rollback(spark, lake, label, reason).message());
    return 0;
  }
}
