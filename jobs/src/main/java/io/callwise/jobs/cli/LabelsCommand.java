package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.features.Snapshots;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.features.BuildLabelsJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code callwise labels}: delinquency labels for matured as-of dates. */
@Command(
    name = "labels",
    mixinStandardHelpOptions = true,
    header =
        "Compute delinquency labels (early_warning, no_self_cure) and the treatment outcomes of past-due accounts for the given as-of date(s) whose horizon the ingested data fully covers, into {root}/labels/account_labels and {root}/labels/treatment_outcomes.",
    description =
        "Dates not matured yet are skipped and reported. Re-running replaces the same labels and dates.")
public final class LabelsCommand extends JobCommand {

  @Mixin DateSelection dates = new DateSelection();

  @Option(
      names = "--label",
      split = ",",
      description = "Only these labels (default: all): early_warning, no_self_cure.")
  List<String> labelNames;

  @Option(
      names = "--no-outcomes",
      negatable = false,
      description =
          "Skip the treatment outcomes of the past-due accounts ({root}/labels/treatment_outcomes).")
  boolean noOutcomes;

  Snapshots snapshots;
  List<LabelSpec> labels;

  @Override
  protected void validate(Config config) {
    snapshots = dates.snapshots();
    labels = new ArrayList<>();
    for (String name : labelNames == null ? LabelCatalog.names() : labelNames) {
      labels.add(LabelCatalog.require("--label", name));
    }
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    BuildLabelsJob.Report report =
        BuildLabelsJob.run(
            spark,
            lake,
            new BuildLabelsJob.Options(
                snapshots,
                labels,
                config.getLong(ConfigKeys.FEATURES_BROADCAST_MAX_ACCOUNTS),
                !noOutcomes));
    System.out.print(report.render());
    System.out.println("  table: " + Tables.ACCOUNT_LABELS.path(lake));
    if (!noOutcomes) {
      System.out.println("  table: " + Tables.TREATMENT_OUTCOMES.path(lake));
    }
    return 0;
  }
}
