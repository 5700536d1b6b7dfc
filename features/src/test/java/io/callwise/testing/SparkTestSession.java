package io.callwise.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: local, small shuffles, UI off, bound to 127.0.0.1, Delta on,
 * UTC. Surefire and failsafe pass the spark.* settings as system properties; the defaults here let
 * a test run from an IDE as well.
 */
public final class SparkTestSession {

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    SparkConf conf = new SparkConf(true);
    conf.setIfMissing("spark.master", "local[2]");
    conf.setIfMissing("spark.app.name", "callwise-tests");
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.sql.shuffle.partitions", "2");
    conf.setIfMissing("spark.default.parallelism", "2");
    conf.setIfMissing("spark.databricks.delta.snapshotPartitions", "2");
    conf.setIfMissing("spark.sql.codegen.cache.maxEntries", "4000");
    conf.setIfMissing("spark.driver.host", "127.0.0.1");
    conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    conf.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.set("spark.sql.session.timeZone", "UTC");
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
