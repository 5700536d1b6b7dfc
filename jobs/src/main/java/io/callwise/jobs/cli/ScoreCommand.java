package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.scoring.PolicyConfig;
import io.callwise.jobs.scoring.ScoreJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.policy.PolicySettings;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise score}: the nightly decisions for one date. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    header =
        "Score every open account's features at --date with its label's champion model, apply the treatment policy (callwise.policy) and write {root}/scoring/account_scores and contact_queue for that date (replaced in one commit each).",
    description = "Columns and rules: docs/OUTPUT_CONTRACT.md.")
public final class ScoreCommand extends JobCommand {

  @Option(names = "--date", required = true, description = "Score date (features as of its end).")
  LocalDate date;

  PolicySettings policy;

  @Override
  protected void validate(Config config) {
    policy = PolicyConfig.settings(config);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    ScoreJob.Report report = ScoreJob.run(spark, lake, new ScoreJob.Options(date, policy));
    System.out.print(report.render());
    System.out.println(
        "  tables: " + Tables.ACCOUNT_SCORES.path(lake) + ", " + Tables.CONTACT_QUEUE.path(lake));
    return 0;
  }
}
