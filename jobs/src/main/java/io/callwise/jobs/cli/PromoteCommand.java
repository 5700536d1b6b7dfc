package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.models.ModelConfig;
import io.callwise.jobs.models.PromoteModelJob;
import io.callwise.jobs.storage.Lake;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise promote}: make a candidate its label's champion, through the gate. */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    header = "Promote a registered model to champion of its label (the champion is retired).",
    description =
        "The gate: out-of-time AUC and Gini at least callwise.models.promotion.min-auc and min-gini (per label under promotion.labels), AUC within callwise.models.promotion.max-auc-drop of the champion's, calibration error and mean PD / event rate within tolerance, score PSI below the limit. --force passes a failing gate and needs --reason, recorded in the model's history.")
public final class PromoteCommand extends JobCommand {

  @Option(names = "--model", required = true, paramLabel = "ID", description = "Model id.")
  String modelId;

  @Option(names = "--force", description = "Promote even if the gate fails (needs --reason).")
  boolean force;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded in the history.")
  String reason;

  @Override
  protected void validate(Config config) {
    if (force && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException(
          "--force needs --reason TEXT: a forced promotion is recorded with why it was forced");
    }
    ModelConfig.thresholds(config); // a wrong floor is a usage error, before Spark starts
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    PromoteModelJob.Outcome outcome =
        PromoteModelJob.promote(
            spark, lake, modelId, force, reason, ModelConfig.thresholds(config));
    if (outcome.gate() != null) {
      System.out.print(outcome.gate().render());
    }
    System.out.println(outcome.message());
    return 0;
  }
}
