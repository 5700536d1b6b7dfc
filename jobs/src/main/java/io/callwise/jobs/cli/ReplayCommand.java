package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.ops.Replay;
import io.callwise.jobs.storage.Lake;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise replay}: a past run again, into another root, compared with the original. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    header =
        "Re-execute a recorded run (ops/runs of --root) into another root from the table versions it started from, and compare what it writes with what the original wrote.",
    description =
        "Every table the run read or wrote is shallow-cloned into --into at the version the run found (Delta time travel, no data copied); the command runs again there with its recorded arguments; each table it wrote is compared row for row with the original's version, leaving out *_at timestamps. Exit 0 when the exit code and every table match, 1 otherwise.")
public final class ReplayCommand extends JobCommand {

  @Option(names = "--run-id", required = true, paramLabel = "ID", description = "The run.")
  String runId;

  @Option(
      names = "--into",
      required = true,
      paramLabel = "URI",
      description = "A new, empty storage root for the replay.")
  String into;

  @Override
  protected boolean recordsRun() {
    return false;
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    Replay.Run run = Replay.load(spark, lake, runId);
    Lake target = Lake.at(into);
    List<String> args = Replay.prepare(spark, lake, run, target);
    System.out.println("replay: callwise " + run.command() + " " + String.join(" ", args));
    List<String> all = new java.util.ArrayList<>(List.of(run.command()));
    all.addAll(args);
    int exit = spec.root().commandLine().execute(all.toArray(String[]::new));
    List<Replay.Comparison> comparisons = Replay.compare(spark, lake, run, target);
    System.out.print(Replay.render(run, exit, comparisons));
    boolean same =
        exit == run.exitCode() && comparisons.stream().allMatch(Replay.Comparison::identical);
    return same ? 0 : 1;
  }
}
