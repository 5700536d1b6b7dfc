package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.ingest.IngestRejectedException;
import io.callwise.jobs.storage.Lake;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise ingest}: validate a delivery and load it into the bronze tables. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    header = "Validate raw exports under --input ({input}/{table}/) against the data contract.",
    description =
        "Accepted rows go to {root}/bronze/{table}, rejected rows with a reason to {root}/bronze/quarantine. Re-running a batch id replaces it. Exit 1 when a table's rejection rate exceeds callwise.ingest.max-rejection-rate.")
public final class IngestCommand extends JobCommand {

  @Option(
      names = "--input",
      required = true,
      paramLabel = "URI",
      description = "Folder with one sub-folder per raw table.")
  String input;

  @Option(
      names = "--batch-id",
      required = true,
      description = "Identifier of this delivery, e.g. 2025-06-30.")
  String batchId;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      description =
          "When the export was taken (ISO-8601, UTC); later event times are quarantined. Default: now.")
  String asOf;

  @Option(names = "--format", description = "csv, parquet or delta (callwise.ingest.format).")
  String format;

  @Option(names = "--tables", split = ",", description = "Only these tables (default: all).")
  List<String> tables;

  @Option(
      names = "--max-rejection-rate",
      description = "Fail above this quarantined share (callwise.ingest.max-rejection-rate).")
  Double maxRejectionRate;

  IngestOptions options;

  @Override
  protected Map<String, Object> flags() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put(ConfigKeys.INGEST_FORMAT, format);
    f.put(ConfigKeys.INGEST_MAX_REJECTION_RATE, maxRejectionRate);
    return f;
  }

  @Override
  protected void validate(Config config) {
    options = IngestOptions.fromConfig(config, input, batchId, asOf, tables);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    List<IngestSummary> summaries;
    try {
      summaries = IngestJob.run(spark, lake, options);
    } catch (IngestRejectedException e) {
      System.out.print(IngestJob.render(e.summaries()));
      throw e;
    }
    System.out.printf(
        "Ingested batch %s from %s into %s/bronze%n",
        options.settings().batchId(), options.input(), lake.root());
    System.out.print(IngestJob.render(summaries));
    return 0;
  }
}
