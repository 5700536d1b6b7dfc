package io.callwise.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

  private static final long GIB = 1L << 30;

  private static SparkConf conf(String master) {
    return new SparkConf(false).setMaster(master);
  }

  @Test
  void aLocalJvmWithALargeHeapGivesSparkMoreOfIt() {
    assertThat(SparkSessions.memoryFraction(conf("local[*]"), 8 * GIB)).contains("0.8");
    assertThat(SparkSessions.memoryFraction(conf("local[2]"), 4 * GIB)).contains("0.8");
  }

  @Test
  void aSmallLocalHeapKeepsSparksDefault() {
    assertThat(SparkSessions.memoryFraction(conf("local[*]"), GIB)).isEmpty();
    assertThat(SparkSessions.memoryFraction(conf("local[*]"), 4 * GIB - 1)).isEmpty();
  }

  @Test
  void onAClusterTheExecutorsHeapDecidesNotTheDriversOwn() {
    SparkConf small = conf("spark://127.0.0.1:7077").set("spark.executor.memory", "768m");
    assertThat(SparkSessions.memoryFraction(small, 16 * GIB)).isEmpty();
    SparkConf large = conf("spark://127.0.0.1:7077").set("spark.executor.memory", "8g");
    assertThat(SparkSessions.memoryFraction(large, GIB)).contains("0.8");
    // Spark's own default executor heap, 1g, when none is given.
    assertThat(SparkSessions.memoryFraction(conf("yarn"), 16 * GIB)).isEmpty();
  }

  @Test
  void aFractionSomebodySetIsLeftAlone() {
    SparkConf given = conf("local[*]").set("spark.memory.fraction", "0.5");
    assertThat(SparkSessions.memoryFraction(given, 8 * GIB)).isEmpty();
  }
}
