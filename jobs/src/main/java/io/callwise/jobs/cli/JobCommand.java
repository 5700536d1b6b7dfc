package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.runtime.SparkSessions;
import io.callwise.jobs.storage.Lake;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every Spark command shares: the configuration flags, validation of flags and configuration
 * before Spark starts (a mistake is a usage error, exit 2), the masked configuration in the log,
 * and one session, closed at the end unless it was already running (tests share one).
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

  /** Dedicated flags as configuration keys; null values are left out. */
  protected Map<String, Object> flags() {
    return new LinkedHashMap<>();
  }

  /** Checks what can be checked without Spark; throw {@link IllegalArgumentException} to reject. */
  protected void validate(Config config) {}

  protected abstract int run(SparkSession spark, Config config, Lake lake);

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
    boolean sessionWasRunning = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.open(config, "callwise " + spec.name());
    try {
      return run(spark, config, lake);
    } finally {
      if (!sessionWasRunning) {
        spark.stop();
      }
    }
  }
}
