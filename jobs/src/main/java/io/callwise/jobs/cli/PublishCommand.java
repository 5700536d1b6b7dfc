package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.scoring.PublishJob;
import io.callwise.jobs.storage.Lake;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise publish}: a scored date into current_priority. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    header =
        "Merge the account_scores of --date into {root}/scoring/current_priority (each account's latest decision), once per scoring run.",
    description =
        "A date older than the table's latest is left out. A night whose data-quality checks failed with an error is refused unless --accept-failed-checks gives a reason.")
public final class PublishCommand extends JobCommand {

  @Option(names = "--date", required = true, description = "Score date to publish.")
  LocalDate date;

  @Option(
      names = "--accept-failed-checks",
      paramLabel = "REASON",
      description =
          "Publish although the night's data-quality checks (ops/dq_results) found an error; the"
              + " reason is logged and shown in the outcome.")
  String acceptFailedChecks;

  @Override
  protected void validate(Config config) {
    if (acceptFailedChecks != null && acceptFailedChecks.isBlank()) {
      throw new IllegalArgumentException("--accept-failed-checks needs a reason.");
    }
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    System.out.print(
        PublishJob.run(spark, lake, date, Optional.ofNullable(acceptFailedChecks)).render());
    return 0;
  }
}
