package io.callwise.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a table still holds a publication, through restores and a publication again. */
class PublishJobTest {

  @TempDir Path dir;

  private static void commit(SparkSession spark, String path, String marker) {
    spark.conf().set(PublishJob.DELTA_USER_METADATA, marker);
    try {
      spark.range(3).write().format("delta").mode("append").save(path);
    } finally {
      spark.conf().unset(PublishJob.DELTA_USER_METADATA);
    }
  }

  @Test
  void aRestoreToBeforeThePublicationUndoesIt() {
    SparkSession spark = SparkTestSession.get();
    String path = dir.resolve("current_priority").toString();
    String run = PublishJob.marker(java.time.LocalDate.parse("2025-12-31"), "r1");
    commit(spark, path, "other"); // version 0
    commit(spark, path, run); // version 1
    commit(spark, path, "other"); // version 2
    DeltaTable table = DeltaTable.forPath(spark, path);
    assertThat(PublishJob.holds(table, run)).isTrue();
    assertThat(PublishJob.holds(table, "callwise publish 2025-12-30 r0")).isFalse();

    table.restoreToVersion(1); // version 3: still holds the publication
    assertThat(PublishJob.holds(table, run)).isTrue();

    table.restoreToVersion(0); // version 4: before it
    assertThat(PublishJob.holds(table, run)).isFalse();

    commit(spark, path, run); // version 5: published again
    assertThat(PublishJob.holds(table, run)).isTrue();
  }
}
