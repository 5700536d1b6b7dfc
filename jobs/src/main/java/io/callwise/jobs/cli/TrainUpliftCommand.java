package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.models.ModelConfig;
import io.callwise.jobs.models.TrainUpliftJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.OutcomeSpec;
import io.callwise.models.DelinquencyModel.Family;
import io.callwise.models.ModelSettings;
import io.callwise.models.UpliftModel.Estimator;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise train-uplift}: train, evaluate, report and register treatment-effect models. */
@Command(
    name = "train-uplift",
    mixinStandardHelpOptions = true,
    header =
        "Train treatment-effect models (the probability of an outcome under a call, a message and no contact) on the features and treatment outcomes between --from and --to: T-learner and S-learner, out-of-time Qini and AUUC with bootstrap intervals (weighted by a propensity fitted from the features, since the history's contacts were not given at random across accounts), an HTML report and metrics JSON under {root}/models/artifacts/{model_id}.",
    description =
        "Each model is registered as a candidate of label uplift_<outcome>; callwise promote applies the uplift gate (the whole Qini interval above 0, each arm calibrated). incremental-value allocation scores with the champion.")
public final class TrainUpliftCommand extends JobCommand {

  @Option(
      names = "--outcome",
      defaultValue = "paid_overdue_7d",
      description =
          "0/1 treatment outcome to model: paid_overdue_7d, paid_overdue_14d, cured_30d (default ${DEFAULT-VALUE}).")
  String outcomeName;

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
      names = "--estimator",
      split = ",",
      defaultValue = "t-learner,s-learner",
      description = "Estimators: t-learner, s-learner (default ${DEFAULT-VALUE}).")
  List<String> estimatorNames;

  @Option(
      names = "--family",
      defaultValue = "gbt",
      description =
          "Classifier family of the estimators: gbt, xgboost, logistic (default ${DEFAULT-VALUE}).")
  String familyName;

  OutcomeSpec outcome;
  List<Estimator> estimators;
  Family family;
  ModelSettings settings;

  @Override
  protected void validate(Config config) {
    outcome = LabelCatalog.requireBinaryOutcome("--outcome", outcomeName);
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
    estimators = estimatorNames.stream().map(Estimator::of).toList();
    family = Family.of(familyName);
    settings = ModelConfig.settings(config);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    TrainUpliftJob.Report report =
        TrainUpliftJob.run(
            spark,
            lake,
            new TrainUpliftJob.Options(outcome, from, to, ootFrom, estimators, family, settings));
    System.out.print(report.render());
    System.out.println("  registry: " + Tables.MODEL_REGISTRY.path(lake));
    return 0;
  }
}
