package io.callwise.jobs.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.callwise.jobs.config.ConfigKeys;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a job uses, so that bin/callwise, spark-submit and tests behave
 * alike: settings from spark-submit or {@code -Dspark.*} win, then {@code callwise.spark.conf}; the
 * master defaults to {@code callwise.spark.default-master} only when none was given. Delta is
 * always enabled and the session time zone is always UTC, because validation and every date
 * computation in callwise are defined in UTC. Spark's memory fraction, when nobody set it, is
 * chosen by the executors' heap ({@link #memoryFraction}).
 */
public final class SparkSessions {

  private SparkSessions() {}

  public static SparkSession open(Config config, String appName) {
    SparkConf conf = new SparkConf(true);
    if (!conf.contains("spark.master")) {
      conf.setMaster(config.getString(ConfigKeys.SPARK_DEFAULT_MASTER));
    }
    conf.setIfMissing("spark.app.name", appName);
    for (Map.Entry<String, ConfigValue> e :
        config.getConfig(ConfigKeys.SPARK_CONF).root().entrySet()) {
      conf.setIfMissing(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    memoryFraction(conf, Runtime.getRuntime().maxMemory())
        .ifPresent(f -> conf.set(MEMORY_FRACTION, f));
    conf.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.set("spark.sql.session.timeZone", "UTC");
    applyS3a(config.getConfig(ConfigKeys.S3A), conf);

    return SparkSession.builder().config(conf).getOrCreate();
  }

  static final String MEMORY_FRACTION = "spark.memory.fraction";

  /** Heap from which executors get {@link #LARGE_HEAP_FRACTION} of it for Spark's memory. */
  static final long LARGE_HEAP_BYTES = 4L << 30;

  /**
   * Spark's memory fraction under a large heap. The features of one 1M-account night keep the DPD
   * engine's running totals cached (3.9 GB): under an 8 GiB heap and Spark's 0.6 they went partly
   * to local disk and the windows spilled (498 s); with 0.8 nothing spilled (450 s). Under a 1 GiB
   * heap 0.8 leaves 145 MiB outside Spark's pools and the same features ran a few seconds slower
   * with more garbage collection, so smaller heaps keep Spark's default. docs/BENCHMARKS.md, "The
   * night under an 8 GiB heap".
   */
  static final String LARGE_HEAP_FRACTION = "0.8";

  /**
   * The memory fraction to set when none was given ({@code -Dspark.memory.fraction}, spark-submit's
   * {@code --conf} or {@code callwise.spark.conf}): {@value #LARGE_HEAP_FRACTION} when the
   * executors' heap is at least 4 GiB, else none (Spark's default). The executors' heap is this
   * JVM's ({@code driverHeapBytes}) in local mode, {@code spark.executor.memory} (1g when unset) on
   * a cluster.
   */
  static Optional<String> memoryFraction(SparkConf conf, long driverHeapBytes) {
    if (conf.contains(MEMORY_FRACTION)) {
      return Optional.empty();
    }
    String master = conf.get("spark.master", "");
    long heap =
        master.startsWith("local")
            ? driverHeapBytes
            : conf.getSizeAsBytes("spark.executor.memory", "1g");
    return heap >= LARGE_HEAP_BYTES ? Optional.of(LARGE_HEAP_FRACTION) : Optional.empty();
  }

  private static void applyS3a(Config s3a, SparkConf conf) {
    String prefix = "spark.hadoop.fs.s3a.";
    setIfGiven(conf, prefix + "endpoint", s3a.getString("endpoint"));
    setIfGiven(conf, prefix + "endpoint.region", s3a.getString("region"));
    setIfGiven(conf, prefix + "access.key", s3a.getString("access-key"));
    setIfGiven(conf, prefix + "secret.key", s3a.getString("secret-key"));
    conf.setIfMissing(
        prefix + "path.style.access", String.valueOf(s3a.getBoolean("path-style-access")));
    conf.setIfMissing(
        prefix + "connection.ssl.enabled", String.valueOf(s3a.getBoolean("ssl-enabled")));
    // Bounded waiting: S3A retries each request retry.limit times, the AWS SDK each attempt
    // attempts.maximum times, each bounded by the timeouts.
    long connectMs = s3a.getDuration("connect-timeout", TimeUnit.MILLISECONDS);
    long readMs = s3a.getDuration("read-timeout", TimeUnit.MILLISECONDS);
    int retries = s3a.getInt("retries");
    conf.setIfMissing(prefix + "connection.establish.timeout", connectMs + "ms");
    conf.setIfMissing(prefix + "connection.timeout", readMs + "ms");
    conf.setIfMissing(prefix + "retry.limit", String.valueOf(retries));
    conf.setIfMissing(prefix + "retry.interval", "500ms");
    conf.setIfMissing(prefix + "attempts.maximum", "1");
  }

  private static void setIfGiven(SparkConf conf, String key, String value) {
    if (value != null && !value.isBlank()) {
      conf.setIfMissing(key, value);
    }
  }
}
