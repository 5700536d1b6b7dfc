package io.callwise.policy;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * Exact 1-based ranks within pools (a queue per region, say) over any number of rows, computed in
 * parallel: no window over the whole table and nothing per row on the driver.
 *
 * <p>The rows are range-partitioned and sorted by (pool, order). Each row's position inside its
 * sorted partition comes from {@code monotonically_increasing_id} (partition index in the upper
 * bits, position in the lower); a small table of (partition, pool) counts and first ids, summed
 * over the earlier partitions, turns positions into ranks. The order must be total (end it with a
 * unique key): equal rows would otherwise rank differently from run to run.
 */
public final class DistributedRank {

  private DistributedRank() {}

  private static final String POOL = "__rank_pool";
  private static final String PART = "__rank_part";
  private static final String ID = "__rank_id";
  private static final String COUNT = "__rank_count";
  private static final String FIRST = "__rank_first";
  private static final String OFFSET = "__rank_offset";
  private static final String OFFSET_PART = "__rank_offset_part";
  private static final String OFFSET_POOL = "__rank_offset_pool";

  /** Ranked rows; {@link #close()} releases the sorted copy they are computed from. */
  public record Ranked(Dataset<Row> rows, Dataset<Row> sorted) implements AutoCloseable {
    @Override
    public void close() {
      sorted.unpersist();
    }
  }

  /**
   * {@code rows} with {@code rankColumn} (long): the rank of the row within its {@code pool} in
   * {@code order}. The sorted rows are cached until {@link Ranked#close()}, so that the ids a rank
   * is computed from are taken once.
   */
  public static Ranked rank(Dataset<Row> rows, Column pool, String rankColumn, Column... order) {
    List<Column> sort = new ArrayList<>();
    sort.add(col(POOL).asc_nulls_first());
    sort.addAll(List.of(order));
    Dataset<Row> sorted =
        rows.withColumn(POOL, pool)
            .sort(sort.toArray(Column[]::new))
            .withColumn(PART, spark_partition_id())
            .withColumn(ID, monotonically_increasing_id())
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> offsets =
        sorted
            .groupBy(col(PART).as(OFFSET_PART), col(POOL).as(OFFSET_POOL))
            .agg(count(lit(1)).as(COUNT), min(col(ID)).as(FIRST))
            .withColumn(
                OFFSET,
                coalesce(
                    sum(col(COUNT))
                        .over(
                            Window.partitionBy(col(OFFSET_POOL))
                                .orderBy(col(OFFSET_PART))
                                .rowsBetween(Window.unboundedPreceding(), -1)),
                    lit(0L)))
            .drop(COUNT);
    Dataset<Row> ranked =
        sorted
            .join(
                broadcast(offsets),
                col(PART).equalTo(col(OFFSET_PART)).and(col(POOL).eqNullSafe(col(OFFSET_POOL))))
            .withColumn(rankColumn, col(OFFSET).plus(col(ID)).minus(col(FIRST)).plus(1L))
            .drop(PART, POOL, ID, FIRST, OFFSET, OFFSET_PART, OFFSET_POOL);
    return new Ranked(ranked, sorted);
  }
}
