package io.callwise.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake's declarations: one home per table, written as declared. */
class TablesTest {

  @TempDir Path dir;

  @Test
  void everyTableHasItsOwnFolder() {
    Set<String> locations = new HashSet<>();
    Tables.ALL.forEach(t -> assertThat(locations.add(t.location())).as(t.name()).isTrue());
    RawTables.ALL.forEach(
        t -> assertThat(locations.add(Tables.bronze(t).location())).as(t.name()).isTrue());
  }

  @Test
  void aChangeFeedTableIsCreatedWithItsFeedAndVersionsCount() {
    SparkSession spark = SparkTestSession.get();
    Lake lake = Lake.at(dir.toString());
    StructType schema =
        new StructType().add("k", DataTypes.StringType, false).add("v", DataTypes.IntegerType);
    LakeTable table = new LakeTable("t", "ops/t", schema, List.of(), LakeTable.Writes.CHANGE_FEED);
    assertThat(table.exists(spark, lake)).isFalse();
    assertThat(table.version(spark, lake)).isEqualTo(-1);

    table.replace(
        spark, lake, spark.createDataFrame(List.of(RowFactory.create("a", 1)), schema), "k = 'a'");
    table.replace(
        spark, lake, spark.createDataFrame(List.of(RowFactory.create("a", 2)), schema), "k = 'a'");

    assertThat(table.exists(spark, lake)).isTrue();
    assertThat(table.read(spark, lake).collectAsList()).containsExactly(RowFactory.create("a", 2));
    // Created (0), then two replacements.
    assertThat(table.version(spark, lake)).isEqualTo(2);
    assertThat(
            spark
                .sql("SHOW TBLPROPERTIES delta.`" + table.path(lake) + "`")
                .filter("key = 'delta.enableChangeDataFeed'")
                .first()
                .getString(1))
        .isEqualTo("true");
  }
}
