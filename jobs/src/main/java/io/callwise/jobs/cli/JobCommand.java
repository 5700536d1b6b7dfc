package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.ops.RunLog;
import io.callwise.jobs.runtime.SparkSessions;
import io.callwise.jobs.runtime.StageLog;
import io.callwise.jobs.runtime.StageProgress;
import io.callwise.jobs.runtime.Unreachable;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every Spark command shares: the configuration flags, validation of flags and configuration
 * before Spark starts (a mistake is a usage error, exit 2), the masked configuration in the log,
 * one session, closed at the end unless it was already running (tests share one), and the run's
 * record in {@code ops/runs} ({@link RunLog}).
 */
abstract class JobCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON file overriding conf/callwise.conf.")
  Path configFile;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description =
          "Override one configuration key, e.g. callwise.ingest.max-rejection-rate=0.1 (repeatable).")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(
      names = "--root",
      paramLabel = "URI",
      description =
          "Storage root (callwise.storage.root): a path or a Hadoop URI such as s3a://bucket/lake.")
  String root;

  @Option(
      names = "--show-config",
      description =
          "Print the resolved configuration (secrets masked) before running. It is also logged at"
              + " debug level.")
  boolean showConfig;

  @Option(
      names = "--quiet",
      description =
          "Log warnings and errors only (callwise's progress lines are left out); the command's"
              + " summary is still printed.")
  boolean quiet;

  /** The id of this run in {@code ops/runs}; null for a command that is not recorded. */
  protected String runId;

  /** The secret values of the resolved configuration, masked in whatever the command prints. */
  private List<String> secrets = List.of();

  /** Dedicated flags as configuration keys; null values are left out. */
  protected Map<String, Object> flags() {
    return new LinkedHashMap<>();
  }

  /** Checks what can be checked without Spark; throw {@link IllegalArgumentException} to reject. */
  protected void validate(Config config) {}

  protected abstract int run(SparkSession spark, Config config, Lake lake);

  /** Whether the run is recorded in {@code ops/runs}; commands that only read say no. */
  protected boolean recordsRun() {
    return true;
  }

  /** {@code text} with the configuration's secrets (and any credentials in URIs) masked. */
  protected String masked(String text) {
    return RunLog.mask(text, secrets);
  }

  protected ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  @Override
  public final Integer call() {
    Config config;
    Lake lake;
    try {
      Map<String, Object> flags = new LinkedHashMap<>(flags());
      if (root != null) {
        flags.put(ConfigKeys.STORAGE_ROOT, root);
      }
      config = CallwiseConfig.resolve(configFile, conf, flags);
      validate(config);
      lake = Lake.at(config.getString(ConfigKeys.STORAGE_ROOT));
    } catch (CallwiseConfig.ConfigError | IllegalArgumentException | ConfigException e) {
      throw usage(e.getMessage());
    }
    if (showConfig) {
      System.out.print(
          "callwise "
              + spec.name()
              + ": resolved configuration\n"
              + CallwiseConfig.describe(config));
    }
    LOG.debug(
        "callwise {}: resolved configuration\n{}", spec.name(), CallwiseConfig.describe(config));
    secrets = CallwiseConfig.secretValues(config);
    RunLog.Started record =
        recordsRun()
            ? RunLog.start(
                spec.name(), ownArguments(), lake, CallwiseConfig.describe(config), secrets)
            : null;
    runId = record == null ? null : record.runId();
    Level callwiseLevel = LogManager.getLogger("io.callwise").getLevel();
    if (quiet) {
      Configurator.setLevel("io.callwise", Level.WARN);
    }
    boolean sessionWasRunning = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.open(config, "callwise " + spec.name());
    if (!sessionWasRunning) {
      spark.sparkContext().addSparkListener(new StageProgress(spark.sparkContext().getConf()));
    }
    int code = CommandLine.ExitCode.SOFTWARE;
    Throwable failure = null;
    StageLog.start(spec.name(), null);
    long started = System.nanoTime();
    try {
      code = run(spark, config, lake);
      StageLog.end(
          spec.name(),
          null,
          code == 0 ? RunLog.SUCCEEDED : RunLog.FAILED,
          (System.nanoTime() - started) / 1e9,
          "exit " + code + (runId == null ? "" : ", run " + runId));
      return code;
    } catch (RuntimeException e) {
      failure = e;
      StageLog.end(
          spec.name(),
          null,
          RunLog.FAILED,
          (System.nanoTime() - started) / 1e9,
          masked(firstLine(e)) + (runId == null ? "" : ", run " + runId));
      throw new CommandFailure(e, secrets);
    } catch (Error e) {
      failure = e;
      throw e;
    } finally {
      if (record != null) {
        log(spark, lake, record, code, failure, secrets);
      }
      if (!sessionWasRunning) {
        spark.stop();
      }
      if (quiet) {
        Configurator.setLevel("io.callwise", callwiseLevel);
      }
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  /** The command line after the command's name (the launcher's arguments may include it). */
  private List<String> ownArguments() {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    int at = args.indexOf(spec.name());
    return at >= 0 && args.subList(0, at).stream().allMatch(a -> a.startsWith("-"))
        ? args.subList(at + 1, args.size())
        : args;
  }

  /** Records the run; a failure to record it is a warning, never the command's outcome. */
  private static void log(
      SparkSession spark,
      Lake lake,
      RunLog.Started record,
      int code,
      Throwable failure,
      List<String> secrets) {
    if (failure != null && Unreachable.describe(failure) != null) {
      LOG.warn(
          "run {} not recorded in {}: the storage is unreachable", record.runId(), lake.root());
      return;
    }
    try {
      String error =
          failure == null
              ? null
              : failure.getMessage() == null ? failure.toString() : failure.getMessage();
      RunLog.finish(spark, lake, record, failure == null ? code : 1, error);
      LOG.info("run {} recorded in {}", record.runId(), Tables.RUNS.path(lake));
    } catch (RuntimeException e) {
      LOG.warn(
          "run {} not recorded in {}: {}",
          record.runId(),
          Tables.RUNS.path(lake),
          RunLog.mask(String.valueOf(e.getMessage()), secrets));
    }
  }
}
