package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.ops.RunLog;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise runs}: the run log. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    header =
        "List the commands run against the storage root ({root}/ops/runs), newest first, or one run in full.",
    description =
        "Each run records its arguments and resolved configuration (secrets masked), the code version, start, end, status, error, and the Delta version of every table it read and wrote.")
public final class RunsCommand extends JobCommand {

  @Option(names = "--limit", defaultValue = "20", description = "Runs listed (default 20).")
  int limit;

  @Option(names = "--command", paramLabel = "NAME", description = "Only runs of this command.")
  String command;

  @Option(names = "--run-id", paramLabel = "ID", description = "Show this run in full.")
  String runId;

  @Override
  protected void validate(Config config) {
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, not " + limit + ".");
    }
  }

  @Override
  protected boolean recordsRun() {
    return false;
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    if (runId != null) {
      System.out.print(RunLog.renderOne(RunLog.find(spark, lake, runId)));
      return 0;
    }
    if (!Tables.RUNS.exists(spark, lake)) {
      throw new JobFailedException(
          "no run has been recorded under " + lake.root() + " (" + Tables.RUNS.path(lake) + ").");
    }
    System.out.print(RunLog.render(RunLog.runs(spark, lake, command).limit(limit).collectAsList()));
    return 0;
  }
}
