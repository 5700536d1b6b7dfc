package io.callwise.jobs.it;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.storage.Lake;
import io.callwise.synth.BookSimulator;
import io.callwise.synth.SimulationParams;
import io.callwise.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate then ingest, as a lender's export would go: every defect the generator injected is
 * quarantined for the reason it was injected for, and nothing else is.
 */
class SyntheticBookIngestIT {

  @TempDir Path dir;

  @Test
  void quarantineMatchesTheInjectedDefectsExactlyAndGenerationIsRepeatable() {
    SparkSession spark = SparkTestSession.get();
    Lake lake = Lake.at(dir.resolve("lake").toString());
    SimulationParams params = new SimulationParams(17, 400, LocalDate.parse("2025-01-01"), 6, 0.01);
    String landing = lake.landing("s17");
    GenerateJob.Report report =
        GenerateJob.run(spark, new GenerateJob.Options(params, landing, lake.root() + "/truth", 3));

    List<IngestSummary> summaries =
        IngestJob.run(
            spark,
            lake,
            IngestOptions.syntheticExport(CallwiseConfig.defaults(), landing, "s17", params));

    Map<String, Long> injected = new HashMap<>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(lake.truth(BookSimulator.TRUTH_DEFECTS))
            .groupBy("source_table", "defect")
            .count()
            .collectAsList()) {
      injected.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
    }
    Map<String, Long> quarantined = new HashMap<>();
    for (IngestSummary s : summaries) {
      s.reasons().forEach((reason, n) -> quarantined.put(s.table() + "/" + reason, n));
      assertThat(s.read())
          .as(s.table() + " read = generated")
          .isEqualTo(report.rows().get(s.table()));
      assertThat(s.balanced()).isTrue();
    }
    assertThat(injected).isNotEmpty();
    assertThat(quarantined).isEqualTo(injected);

    // Same parameters, another run, other partitioning: the same export, line for line.
    String again = dir.resolve("again").toString();
    GenerateJob.run(
        spark, new GenerateJob.Options(params, again, dir.resolve("truth2").toString(), 5));
    for (String table : List.of("transactions", "contacts", "accounts")) {
      Dataset<Row> first = dataLines(spark, landing + "/" + table);
      Dataset<Row> second = dataLines(spark, again + "/" + table);
      assertThat(first.count()).isPositive();
      assertThat(first.exceptAll(second).count()).as(table).isZero();
      assertThat(second.exceptAll(first).count()).as(table).isZero();
    }
  }

  /** The lines of a CSV export, header lines left out. */
  private static Dataset<Row> dataLines(SparkSession spark, String folder) {
    return spark
        .read()
        .text(folder)
        .filter(
            not(col("value").startsWith("account_id,"))
                .and(not(col("value").startsWith("txn_id,")))
                .and(not(col("value").startsWith("contact_id,"))));
  }
}
