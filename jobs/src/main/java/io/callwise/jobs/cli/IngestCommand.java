package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.ingest.IngestSettings;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.lake.Lake;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise ingest}: validate a delivery and load it into the bronze tables. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Validate raw exports under --input ({input}/{table}/) against the data contract; accepted",
      "rows go to {root}/bronze/{table}, rejected rows with a reason to {root}/bronze/quarantine.",
      "Re-running a batch id replaces it. Exit 1 when a table's rejection rate exceeds",
      "callwise.ingest.max-rejection-rate."
    })
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
    f.put("callwise.ingest.format", format);
    f.put("callwise.ingest.max-rejection-rate", maxRejectionRate);
    return f;
  }

  @Override
  protected void validate(Config config) {
    options = options(config, input, batchId, asOf, tables);
  }

  static IngestOptions options(
      Config config, String input, String batchId, String asOf, List<String> tables) {
    Config c = config.getConfig("callwise.ingest");
    String fmt = c.getString("format").toLowerCase(Locale.ROOT);
    if (!List.of("csv", "parquet", "delta").contains(fmt)) {
      throw new IllegalArgumentException(
          "--format / callwise.ingest.format: '" + fmt + "' is not one of csv, parquet, delta");
    }
    double rate = c.getDouble("max-rejection-rate");
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException(
          "--max-rejection-rate / callwise.ingest.max-rejection-rate: "
              + rate
              + " is not between 0 and 1");
    }
    String policy = c.getString("extra-columns").toUpperCase(Locale.ROOT);
    if (!List.of("IGNORE", "FAIL").contains(policy)) {
      throw new IllegalArgumentException(
          "callwise.ingest.extra-columns: '"
              + c.getString("extra-columns")
              + "' is not one of ignore, fail");
    }
    Instant asOfInstant;
    try {
      asOfInstant = asOf == null ? Instant.now() : Instant.parse(asOf);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--as-of: '" + asOf + "' is not an ISO-8601 instant such as 2025-07-01T12:00:00Z");
    }
    LocalDate minDate;
    try {
      minDate = LocalDate.parse(c.getString("min-date"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "callwise.ingest.min-date: '" + c.getString("min-date") + "' is not a date yyyy-MM-dd");
    }
    List<TableSpec> specs = new ArrayList<>();
    if (tables == null || tables.isEmpty()) {
      specs.addAll(RawTables.ALL);
    } else {
      for (String t : tables) {
        if (RawTables.byName(t.trim()).isEmpty()) {
          throw new IllegalArgumentException(
              "--tables: '"
                  + t
                  + "' is not a raw table; use any of "
                  + RawTables.ALL.stream().map(TableSpec::name).collect(Collectors.joining(", ")));
        }
      }
      // Contract order, whatever order they were given in: accounts must come first.
      RawTables.ALL.stream()
          .filter(s -> tables.stream().anyMatch(t -> t.trim().equals(s.name())))
          .forEach(specs::add);
    }
    IngestSettings settings =
        new IngestSettings(
            batchId,
            asOfInstant,
            minDate,
            c.getInt("max-future-years"),
            IngestSettings.ExtraColumnPolicy.valueOf(policy));
    return new IngestOptions(input, fmt, specs, settings, rate);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    List<IngestSummary> summaries;
    try {
      summaries = IngestJob.run(spark, lake, options);
    } catch (io.callwise.jobs.ingest.IngestRejectedException e) {
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
