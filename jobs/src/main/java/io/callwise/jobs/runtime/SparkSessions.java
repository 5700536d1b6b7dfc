package io.callwise.jobs.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.callwise.jobs.config.ConfigKeys;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a job uses, so that bin/callwise, spark-submit and tests behave
 * alike: settings from spark-submit or {@code -Dspark.*} win, then {@code callwise.spark.conf}; the
 * master defaults to {@code callwise.spark.default-master} only when none was given. Delta is
 * always enabled and the session time zone is always UTC, because validation and every date
 * computation in callwise are defined in UTC.
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
    conf.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.set("spark.sql.session.timeZone", "UTC");
    applyS3a(config.getConfig(ConfigKeys.S3A), conf);

    return SparkSession.builder().config(conf).getOrCreate();
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
