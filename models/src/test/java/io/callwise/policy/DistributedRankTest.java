package io.callwise.policy;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DistributedRankTest {

  record R(String id, String pool, double priority) {}

  @Test
  void ranksWithinPoolsEqualASortAcrossManyPartitionsWithTies() {
    SparkSession spark = SparkTestSession.get();
    Random rnd = new Random(3);
    List<R> rows = new ArrayList<>();
    String[] pools = {"A", "B", "C", null};
    for (int i = 0; i < 5000; i++) {
      // Few distinct priorities: most rows tie with others and are ordered by id.
      rows.add(
          new R(
              String.format("acc-%05d", rnd.nextInt(1_000_000)) + "-" + i,
              pools[rnd.nextInt(4)],
              rnd.nextInt(40) / 4.0));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType, false)
            .add("pool", DataTypes.StringType, true)
            .add("priority", DataTypes.DoubleType, false);
    Dataset<Row> df =
        spark
            .createDataFrame(
                rows.stream().map(r -> RowFactory.create(r.id(), r.pool(), r.priority())).toList(),
                schema)
            .repartition(7);
    Map<String, Long> expected = new HashMap<>();
    Map<String, List<R>> byPool = new HashMap<>();
    rows.forEach(
        r -> byPool.computeIfAbsent(String.valueOf(r.pool()), k -> new ArrayList<>()).add(r));
    byPool
        .values()
        .forEach(
            list -> {
              list.sort(Comparator.comparingDouble(R::priority).reversed().thenComparing(R::id));
              for (int i = 0; i < list.size(); i++) {
                expected.put(list.get(i).id(), i + 1L);
              }
            });
    for (int partitions : new int[] {1, 5}) {
      spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
      try (DistributedRank.Ranked ranked =
          DistributedRank.rank(df, col("pool"), "rank", col("priority").desc(), col("id").asc())) {
        Map<String, Long> actual = new HashMap<>();
        for (Row r : ranked.rows().select("id", "rank").collectAsList()) {
          actual.put(r.getString(0), r.getLong(1));
        }
        assertThat(actual).as("%d partitions", partitions).isEqualTo(expected);
      } finally {
        spark.conf().set("spark.sql.shuffle.partitions", "2");
      }
    }
  }
}
