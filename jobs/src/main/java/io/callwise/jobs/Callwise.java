package io.callwise.jobs;

import io.callwise.ingest.ContractViolationException;
import io.callwise.jobs.cli.AuditCommand;
import io.callwise.jobs.cli.BenchmarkCommand;
import io.callwise.jobs.cli.CheckCommand;
import io.callwise.jobs.cli.CommandFailure;
import io.callwise.jobs.cli.DemoCommand;
import io.callwise.jobs.cli.DocsCommand;
import io.callwise.jobs.cli.EvaluatePolicyCommand;
import io.callwise.jobs.cli.FeaturesCommand;
import io.callwise.jobs.cli.GenerateCommand;
import io.callwise.jobs.cli.IngestCommand;
import io.callwise.jobs.cli.LabelsCommand;
import io.callwise.jobs.cli.ModelsCommand;
import io.callwise.jobs.cli.NightlyCommand;
import io.callwise.jobs.cli.PortfolioCommand;
import io.callwise.jobs.cli.PromoteCommand;
import io.callwise.jobs.cli.PublishCommand;
import io.callwise.jobs.cli.ReplayCommand;
import io.callwise.jobs.cli.RollbackCommand;
import io.callwise.jobs.cli.RunsCommand;
import io.callwise.jobs.cli.ScoreCommand;
import io.callwise.jobs.cli.TrainCommand;
import io.callwise.jobs.cli.TrainUpliftCommand;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.ingest.IngestRejectedException;
import io.callwise.jobs.runtime.Failures;
import io.callwise.jobs.runtime.JobFailedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The callwise launcher, used alike by {@code bin/callwise} and {@code spark-submit --class
 * io.callwise.jobs.Callwise}. Exit codes: 0 success, 2 usage error (rejected before Spark starts),
 * 1 failure.
 */
@Command(
    name = "callwise",
    mixinStandardHelpOptions = true,
    version = "callwise 0.1.0",
    description =
        "Decides, every night, which overdue borrowers get a call, a message, nothing or an escalation.",
    subcommands = {
      GenerateCommand.class,
      IngestCommand.class,
      DemoCommand.class,
      BenchmarkCommand.class,
      FeaturesCommand.class,
      LabelsCommand.class,
      PortfolioCommand.class,
      TrainCommand.class,
      TrainUpliftCommand.class,
      EvaluatePolicyCommand.class,
      ModelsCommand.class,
      PromoteCommand.class,
      RollbackCommand.class,
      ScoreCommand.class,
      CheckCommand.class,
      PublishCommand.class,
      NightlyCommand.class,
      RunsCommand.class,
      ReplayCommand.class,
      AuditCommand.class,
      DocsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Callwise implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /** Runs the command line and returns the exit code, without exiting. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.err, true), args);
  }

  /** As {@link #execute(String...)}, with usage and error messages going to {@code err}. */
  public static int execute(PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Callwise());
    cli.setErr(err);
    // "callwise no-such-command --help" is a mistake, not a request for the top-level help.
    if (args.length > 0 && !args[0].startsWith("-") && !cli.getSubcommands().containsKey(args[0])) {
      err.println(
          "callwise: '"
              + args[0]
              + "' is not a command. Commands: "
              + String.join(", ", cli.getSubcommands().keySet())
              + ". See callwise --help.");
      return CommandLine.ExitCode.USAGE;
    }
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          Throwable cause = e instanceof CommandFailure f ? f.getCause() : e;
          UnaryOperator<String> mask = e instanceof CommandFailure f ? f::mask : s -> s;
          String name = "callwise " + commandLine.getCommandName() + " failed:";
          String line =
              cause instanceof ContractViolationException
                      || cause instanceof IngestRejectedException
                      || cause instanceof JobFailedException
                      || cause instanceof CallwiseConfig.ConfigError
                  ? cause.getMessage()
                  : Failures.describe(cause);
          if (line != null) {
            commandLine.getErr().println(name + " " + mask.apply(line));
          } else {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            commandLine.getErr().println(name);
            commandLine.getErr().print(mask.apply(trace.toString()));
            commandLine.getErr().flush();
          }
          return CommandLine.ExitCode.SOFTWARE;
        });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
