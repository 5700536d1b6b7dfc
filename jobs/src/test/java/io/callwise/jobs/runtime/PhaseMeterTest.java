package io.callwise.jobs.runtime;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.testing.SparkTestSession;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** A phase counts its own tasks' shuffle, not the phase's before it. */
class PhaseMeterTest {

  @Test
  void aPhaseCountsTheShuffleOfItsOwnTasksOnly() {
    SparkSession spark = SparkTestSession.get();
    PhaseMeter meter = new PhaseMeter(spark.sparkContext());

    meter.start();
    long groups =
        spark.range(0, 50_000, 1, 4).groupBy(col("id").mod(1_000)).count().collectAsList().size();
    PhaseMeter.Phase shuffled = meter.stop("shuffled", groups);

    meter.start();
    long n = spark.range(0, 50_000, 1, 4).filter(col("id").gt(10)).count();
    PhaseMeter.Phase narrow = meter.stop("narrow", n);

    assertThat(groups).isEqualTo(1_000);
    assertThat(shuffled.shuffleWriteBytes()).isPositive();
    assertThat(shuffled.shuffleReadBytes()).isPositive();
    assertThat(shuffled.seconds()).isPositive();
    assertThat(shuffled.peakHeapBytes()).isPositive();
    assertThat(shuffled.rowsPerSecond()).isPositive();
    // A count's partial counts go through a shuffle too, but far less than 1,000 groups per task.
    assertThat(narrow.shuffleWriteBytes()).isLessThan(shuffled.shuffleWriteBytes());
    assertThat(narrow.rows()).isEqualTo(49_989);
  }
}
