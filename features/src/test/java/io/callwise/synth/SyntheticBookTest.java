package io.callwise.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.testing.SparkTestSession;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SyntheticBookTest {

  @Test
  void theBookDoesNotDependOnHowSparkPartitionsIt() {
    SparkSession spark = SparkTestSession.get();
    SimulationParams params = new SimulationParams(9, 120, LocalDate.parse("2025-01-01"), 4, 0.01);
    Dataset<Row> two = SyntheticBook.rawTable(spark, params, RawTables.REPAYMENTS, 2);
    Dataset<Row> seven = SyntheticBook.rawTable(spark, params, RawTables.REPAYMENTS, 7);
    assertThat(two.count()).isPositive();
    assertThat(two.exceptAll(seven).count()).isZero();
    assertThat(seven.exceptAll(two).count()).isZero();
    assertThat(two.schema()).isEqualTo(SyntheticBook.stringSchema(RawTables.REPAYMENTS));
  }
}
