package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.models.PromoteModelJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.OutcomeSpec;
import io.callwise.policy.PolicySettings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
      completionCandidates = ChampionLabels.class,
      description = "Label whose champion to roll back: ${COMPLETION-CANDIDATES}.")
  String label;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why; recorded in the history.")
  String reason;

  /** The delinquency labels, then the treatment-effect labels (uplift_ and a 0/1 outcome). */
  static final class ChampionLabels implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>(LabelCatalog.names());
      LabelCatalog.OUTCOMES.stream()
          .filter(OutcomeSpec::binary)
          .forEach(o -> names.add(PolicySettings.Strategy.upliftLabel(o.name())));
      return names.iterator();
    }
  }

  @Override
  protected void validate(Config config) {
    String uplift = PolicySettings.Strategy.upliftLabel("");
    if (label.startsWith(uplift)) {
      LabelCatalog.requireBinaryOutcome("--label " + label, label.substring(uplift.length()));
    } else {
      LabelCatalog.require("--label", label);
    }
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    System.out.println(PromoteModelJob.rollback(spark, lake, label, reason).message());
    return 0;
  }
}
