package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.models.ModelConfig;
import io.callwise.jobs.models.TrainModelJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import io.callwise.models.DelinquencyModel.Family;
import io.callwise.models.ModelSettings;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise train}: train, evaluate, report and register models of one label. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    header =
        "Train delinquency models of one label on the features and matured labels between --from and --to: a time split (training, validation accounts, out-of-time window), GBT and a logistic baseline, calibration, evaluation, an HTML report and metrics JSON under {root}/models/artifacts/{model_id}.",
    description =
        "Each model is registered as a candidate in {root}/models/registry. Training again on the same data replaces the same candidate.")
public final class TrainCommand extends JobCommand {

  @Option(
      names = "--label",
      required = true,
      completionCandidates = LabelNames.class,
      description = "Label to model: ${COMPLETION-CANDIDATES}.")
  String labelName;

  @Option(names = "--from", required = true, paramLabel = "DATE", description = "First as-of date.")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last as-of date.")
  LocalDate to;

  @Option(
      names = "--oot-from",
      paramLabel = "DATE",
      description =
          "First out-of-time as-of date (default: the last callwise.models.oot-share of the dates).")
  LocalDate ootFrom;

  @Option(
      names = "--family",
      split = ",",
      description = "Families to train (default callwise.models.families): gbt, xgboost, logistic.")
  List<String> familyNames;

  LabelSpec label;
  List<Family> families;
  ModelSettings settings;

  @Override
  protected void validate(Config config) {
    label = LabelCatalog.require("--label", labelName);
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
    if (ootFrom != null && (!ootFrom.isAfter(from) || ootFrom.isAfter(to))) {
      throw new IllegalArgumentException(
          "--oot-from " + ootFrom + " must lie after --from " + from + " and not after --to " + to);
    }
    families =
        familyNames == null
            ? ModelConfig.families(config)
            : familyNames.stream().map(Family::of).toList();
    settings = ModelConfig.settings(config);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    TrainModelJob.Report report =
        TrainModelJob.run(
            spark,
            lake,
            new TrainModelJob.Options(
                label,
                from,
                to,
                ootFrom,
                families,
                settings,
                config.getInt(ConfigKeys.MODELS_IMPORTANCE_SAMPLE_ROWS)));
    System.out.print(report.render());
    System.out.println("  registry: " + Tables.MODEL_REGISTRY.path(lake));
    return 0;
  }
}
