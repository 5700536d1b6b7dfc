package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.storage.Lake;
import io.callwise.models.Metrics;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise models}: the model registry as a table. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    header = "List registered models: status, training window, out-of-time metrics, report.")
public final class ModelsCommand extends JobCommand {

  @Option(
      names = "--label",
      completionCandidates = LabelNames.class,
      description = "Only this label's models: ${COMPLETION-CANDIDATES}.")
  String label;

  @Option(names = "--history", description = "Also print each model's status history.")
  boolean history;

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    List<ModelRegistry.Entry> entries =
        new ModelRegistry(spark, lake)
            .list().stream().filter(e -> label == null || e.label().equals(label)).toList();
    System.out.print(render(entries, history));
    return 0;
  }

  static String render(List<ModelRegistry.Entry> entries, boolean history) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-32s %-10s %-23s %7s %7s %6s %7s %7s %8s%n",
            "model",
            "status",
            "training .. out of time",
            "AUC",
            "Gini",
            "KS",
            "Brier",
            "PSI",
            "÷truth"));
    for (ModelRegistry.Entry e : entries) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-32s %-10s %-23s %7s %7s %6s %7s %7s %8s%n",
              e.modelId(),
              e.status(),
              e.trainFrom() + ".." + e.ootTo(),
              f(e.metrics().get(Metrics.OOT_AUC), 4),
              f(e.metrics().get(Metrics.OOT_GINI), 4),
              f(e.metrics().get(Metrics.OOT_KS), 3),
              f(e.metrics().get(Metrics.OOT_BRIER), 5),
              f(e.metrics().get(Metrics.SCORE_PSI), 4),
              f(e.metrics().get(Metrics.AUC_TRUTH_RATIO), 3)));
      if (history) {
        for (ModelRegistry.Event h : e.history()) {
          b.append("    ")
              .append(h.at())
              .append(' ')
              .append(h.action())
              .append(h.otherModel() == null ? "" : " (" + h.otherModel() + ")")
              .append(h.forced() ? " FORCED" : "")
              .append(h.reason() == null ? "" : ": " + h.reason())
              .append('\n');
        }
        b.append("    report: ").append(e.reportUri()).append('\n');
      }
    }
    if (entries.isEmpty()) {
      b.append("(no model registered; run callwise train)\n");
    }
    return b.toString();
  }

  private static String f(Double v, int digits) {
    return v == null ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
