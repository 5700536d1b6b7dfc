package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.scoring.PolicyConfig;
import io.callwise.jobs.scoring.ScoreJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.ScoringTables;
import io.callwise.scoring.AuditRule;
import io.callwise.scoring.DecisionAudit;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise audit}: checks a scored date's decisions against the rules, from bronze. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    header =
        "Check every decision of --date in account_scores against the policy's rules, re-derived from bronze (consent, do-not-contact, arrangements, complaints, call caps, windows, capacity, exact top-K).",
    description = "Prints the violating rows per rule; exit 1 when there are any.")
public final class AuditCommand extends JobCommand {

  @Option(names = "--date", required = true, description = "Score date to check.")
  LocalDate date;

  PolicySettings policy;

  @Override
  protected void validate(Config config) {
    policy = PolicyConfig.settings(config);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    Dataset<Row> decisions = ScoreJob.decisions(spark, lake, date);
    List<String> runs =
        decisions.select(ScoringTables.RUN_ID).distinct().collectAsList().stream()
            .map(r -> r.getString(0))
            .sorted()
            .toList();
    PolicySettings checked = policy;
    String against;
    Optional<PolicySettings> recorded =
        runs.size() == 1 ? ScoreJob.policyOfRun(spark, lake, runs.get(0)) : Optional.empty();
    if (recorded.isPresent()) {
      checked = recorded.get();
      against =
          "the policy run "
              + runs.get(0)
              + " was scored with (version "
              + checked.version()
              + (checked.equals(policy)
                  ? ", the same as today's configuration)"
                  : "; today's configuration differs and is not used)");
    } else {
      against =
          "today's configuration (version "
              + policy.version()
              + "): no policy is recorded for run "
              + String.join(", ", runs)
              + ", scored before runs were recorded";
    }
    Map<AuditRule, Long> violations = ScoreJob.audit(spark, lake, date, checked, decisions);
    System.out.println("audit " + date + " against " + against);
    System.out.print(DecisionAudit.render(violations));
    return violations.values().stream().allMatch(v -> v == 0) ? 0 : 1;
  }
}
