package io.callwise.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes that a killed run cannot block: leftovers without a commit are removed, never data. */
class DeltaOutputsTest {

  static SparkSession spark;
  static final StructType SCHEMA =
      new StructType().add("k", DataTypes.StringType, false).add("v", DataTypes.IntegerType, true);

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
  }

  /** Replaces key {@code k} of the table at {@code path} (under the temporary lake). */
  void write(String path, String k, int v) {
    Lake lake = Lake.at(dir.toString());
    String location = dir.toAbsolutePath().relativize(Path.of(path).toAbsolutePath()).toString();
    new LakeTable("t", location, SCHEMA, List.of(), LakeTable.Writes.DECLARED)
        .replace(
            spark,
            lake,
            spark.createDataFrame(List.of(RowFactory.create(k, v)), SCHEMA),
            "k = " + DeltaOutputs.literal(k));
  }

  @Test
  void aLogWithoutACommitIsRemovedBeforeTheFirstWrite() throws Exception {
    Path table = dir.resolve("features/account_features");
    Files.createDirectories(table.resolve("_delta_log/_staged_commits"));
    Files.writeString(table.resolve("part-00000-orphan.snappy.parquet"), "half a file");

    write(table.toString(), "a", 1);

    List<Row> rows = spark.read().format("delta").load(table.toString()).collectAsList();
    assertThat(rows).containsExactly(RowFactory.create("a", 1));
    assertThat(Files.exists(table.resolve("part-00000-orphan.snappy.parquet"))).isFalse();
  }

  @Test
  void aCommittedTableIsNeverRemoved() throws Exception {
    String table = dir.resolve("t").toString();
    write(table, "a", 1);
    assertThat(Lake.removeUncommittedTable(spark, table)).isFalse();
    write(table, "b", 2);
    assertThat(spark.read().format("delta").load(table).count()).isEqualTo(2);
    assertThat(Lake.removeUncommittedTable(spark, dir.resolve("absent").toString())).isFalse();
  }
}
