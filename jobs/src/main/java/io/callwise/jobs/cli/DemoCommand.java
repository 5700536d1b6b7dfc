package io.callwise.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;

import com.typesafe.config.Config;
import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.storage.Lake;
import io.callwise.synth.SimulationParams;
import io.callwise.synth.SyntheticBook;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code callwise demo}: the whole pipeline that exists so far, on a small synthetic book, on this
 * machine: generate a lender's export (with a few realistic defects), ingest it, show what landed
 * where.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the pipeline end to end on a small synthetic book and print what it did.")
public final class DemoCommand extends JobCommand {

  @Option(names = "--accounts", description = "Accounts in the synthetic book (default: 2000).")
  long accounts = 2000;

  @Option(names = "--months", description = "Months of history (default: 12).")
  int months = 12;

  @Option(names = "--seed", description = "Random seed (default: 42).")
  long seed = 42;

  @Option(
      names = "--defect-rate",
      description = "Share of exported rows with a data defect (default: 0.002).")
  double defectRate = 0.002;

  SimulationParams params;

  @Override
  protected void validate(Config config) {
    params =
        new SimulationParams(seed, accounts, LocalDate.parse("2025-01-01"), months, defectRate);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    long t0 = System.nanoTime();
    String batch = "synthetic-s" + seed;
    String landing = lake.landing(batch);
    System.out.printf(
        "callwise demo — storage root %s, Spark master %s%n%n1. generate: %,d accounts x %d months, seed %d, defect rate %.3f%n",
        lake.root(), spark.sparkContext().master(), accounts, months, seed, defectRate);
    GenerateJob.Report report =
        GenerateJob.run(
            spark,
            new GenerateJob.Options(
                params, landing, lake.root() + "/truth", GenerateJob.defaultPartitions(accounts)));
    System.out.print(report.render());
    System.out.printf("   export: %s/{table}/*.csv%n%n", landing);

    System.out.printf("2. ingest batch %s (as of %s)%n", batch, SyntheticBook.exportedAt(params));
    IngestOptions options = IngestOptions.syntheticExport(config, landing, batch, params);
    List<IngestSummary> summaries = IngestJob.run(spark, lake, options);
    System.out.print(indent(IngestJob.render(summaries)));

    System.out.println("\n3. a few quarantined rows (reason, detail):");
    List<Row> sample =
        spark
            .read()
            .format("delta")
            .load(lake.quarantine())
            .filter(col("ingest_batch_id").equalTo(batch))
            .groupBy("reason_code")
            .agg(
                count("*").as("rows"),
                org.apache.spark.sql.functions.min("reason_detail").as("example"))
            .orderBy(desc("rows"), col("reason_code"))
            .collectAsList();
    for (Row r : sample) {
      System.out.printf(
          Locale.ROOT, "   %-22s %5d  e.g. %s%n", r.getString(0), r.getLong(1), r.getString(2));
    }

    System.out.println("\n4. where to look:");
    for (TableSpec spec : RawTables.ALL) {
      System.out.printf("   bronze %-13s %s%n", spec.name(), lake.bronze(spec.name()));
    }
    System.out.printf("   quarantine           %s%n", lake.quarantine());
    System.out.printf("   ingest runs          %s%n", lake.ingestRuns());
    System.out.printf("   ground truth         %s/truth (for evaluation only)%n", lake.root());
    System.out.printf("%ndemo finished in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  private static String indent(String text) {
    return "   " + text.replace("\n", "\n   ").stripTrailing() + "\n";
  }
}
