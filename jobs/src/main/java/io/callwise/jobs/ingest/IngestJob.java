package io.callwise.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.ingest.ContractViolationException;
import io.callwise.ingest.IngestSummary;
import io.callwise.ingest.LakeTables;
import io.callwise.ingest.RawInput;
import io.callwise.ingest.RecordValidator;
import io.callwise.jobs.storage.DeltaOutputs;
import io.callwise.jobs.storage.Lake;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code callwise ingest}: validates a delivery of raw exports against the data contract and writes
 * accepted rows to the bronze Delta tables and rejected rows, with a reason, to the quarantine
 * table.
 *
 * <p>Inputs: {@code {input}/{table}/} for each raw table (absent tables are reported and skipped).
 * Outputs: {@code bronze/{table}}, {@code bronze/quarantine}, {@code bronze/ingest_runs}.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>every row read is accepted or quarantined, never dropped; the job re-counts what it wrote
 *       and fails if the two differ;
 *   <li>a batch id is ingested at most once: re-running it replaces its rows in one Delta commit
 *       per table; a key accepted by another batch is quarantined as ALREADY_INGESTED;
 *   <li>a missing contract column fails before anything is written;
 *   <li>a table whose rejection rate exceeds the threshold leaves its bronze table unchanged, still
 *       writes its quarantine rows, and makes the job fail after every table has been reported.
 * </ul>
 */
public final class IngestJob {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  public static final StructType INGEST_RUNS_SCHEMA =
      new StructType(
          new StructField[] {
            new StructField("batch_id", DataTypes.StringType, false, Metadata.empty()),
            new StructField("table_name", DataTypes.StringType, false, Metadata.empty()),
            new StructField("status", DataTypes.StringType, false, Metadata.empty()),
            new StructField("source_path", DataTypes.StringType, false, Metadata.empty()),
            new StructField("format", DataTypes.StringType, false, Metadata.empty()),
            new StructField("rows_read", DataTypes.LongType, false, Metadata.empty()),
            new StructField("rows_accepted", DataTypes.LongType, false, Metadata.empty()),
            new StructField("rows_quarantined", DataTypes.LongType, false, Metadata.empty()),
            new StructField(
                "quarantined_by_reason",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false),
                false,
                Metadata.empty()),
            new StructField(
                "extra_columns",
                DataTypes.createArrayType(DataTypes.StringType, false),
                false,
                Metadata.empty()),
            new StructField("as_of", DataTypes.TimestampType, false, Metadata.empty()),
            new StructField("started_at", DataTypes.TimestampType, false, Metadata.empty()),
            new StructField("finished_at", DataTypes.TimestampType, false, Metadata.empty())
          });

  private IngestJob() {}

  /**
   * Runs the ingest and returns one summary per table, in contract order.
   *
   * @throws ContractViolationException if an export misses a contract column (nothing written)
   * @throws IngestRejectedException if a table exceeds the rejection-rate threshold (after writing)
   */
  public static List<IngestSummary> run(SparkSession spark, Lake lake, IngestOptions options) {
    String batch = options.settings().batchId();
    Instant startedAt = Instant.now();

    // Phase 1: open and shape every input. Contract violations surface here, before any write.
    Map<String, RawSourceReader.Source> sources = new LinkedHashMap<>();
    Map<String, RawInput.Normalized> normalized = new HashMap<>();
    List<String> violations = new ArrayList<>();
    for (TableSpec spec : options.tables()) {
      RawSourceReader.Source source =
          RawSourceReader.open(spark, spec, options.input(), options.format());
      sources.put(spec.name(), source);
      if (source.absent()) {
        continue;
      }
      try {
        normalized.put(
            spec.name(),
            RawInput.normalize(
                spec, source.rows(), source.corruptColumn(), options.settings().extraColumns()));
      } catch (ContractViolationException e) {
        violations.add(e.getMessage());
      }
    }
    if (!violations.isEmpty()) {
      throw new ContractViolationException(
          "batch "
              + batch
              + " was not ingested; nothing was written:\n  "
              + String.join("\n  ", violations));
    }
    if (sources.values().stream().allMatch(RawSourceReader.Source::absent)) {
      LOG.warn(
          "no raw table found under {}: expected sub-folders like {}/accounts",
          options.input(),
          options.input());
    }

    // Phase 2: validate and write each table, accounts first so later tables can refer to them.
    List<IngestSummary> summaries = new ArrayList<>();
    List<Row> runs = new ArrayList<>();
    for (TableSpec spec : options.tables()) {
      RawSourceReader.Source source = sources.get(spec.name());
      IngestSummary summary =
          source.absent()
              ? new IngestSummary(spec.name(), "ABSENT", 0, 0, 0, Map.of(), List.of())
              : ingestTable(spark, lake, options, spec, normalized.get(spec.name()));
      summaries.add(summary);
      runs.add(runRow(options, source, summary, startedAt));
    }
    recordRuns(spark, lake, options, runs);

    List<IngestSummary> rejected =
        summaries.stream().filter(s -> s.status().equals("REJECTED")).toList();
    if (!rejected.isEmpty()) {
      throw new IngestRejectedException(
          rejected.stream()
              .map(
                  s ->
                      String.format(
                          Locale.ROOT,
                          "%s: %.2f%% of %d rows quarantined, above callwise.ingest.max-rejection-rate"
                              + " = %.2f%%; worst reasons: %s. Bronze %s was left unchanged; the rows"
                              + " are in %s (batch %s).",
                          s.table(),
                          100 * s.rejectionRate(),
                          s.read(),
                          100 * options.maxRejectionRate(),
                          s.worstReasons(3),
                          s.table(),
                          lake.quarantine(),
                          batch))
              .collect(Collectors.joining("\n")),
          summaries);
    }
    return summaries;
  }

  private static IngestSummary ingestTable(
      SparkSession spark,
      Lake lake,
      IngestOptions options,
      TableSpec spec,
      RawInput.Normalized input) {
    String batch = options.settings().batchId();
    String bronzePath = lake.bronze(spec.name());
    Dataset<Row> priorKeys = null;
    if (Lake.isDeltaTable(spark, bronzePath)) {
      List<Column> keyColumns = new ArrayList<>();
      spec.primaryKey().forEach(k -> keyColumns.add(col(k)));
      keyColumns.add(col(LakeTables.BATCH_ID));
      priorKeys =
          spark.read().format("delta").load(bronzePath).select(keyColumns.toArray(Column[]::new));
    }
    Dataset<Row> knownAccounts = null;
    if (spec.referencesAccounts()) {
      String accountsPath = lake.bronze(RawTables.ACCOUNTS.name());
      knownAccounts =
          Lake.isDeltaTable(spark, accountsPath)
              ? spark.read().format("delta").load(accountsPath).select("account_id")
              : spark.createDataFrame(
                  List.of(), new StructType().add("account_id", DataTypes.StringType));
    }

    // The input is parsed and checked once, into Spark's compressed columnar cache; the key
    // checks, the counts and both writes read only the columns they need from it.
    long t0 = System.nanoTime();
    Dataset<Row> rowChecked =
        RecordValidator.checkRows(spec, input.rows(), options.settings())
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> validated =
          RecordValidator.checkKeys(spec, rowChecked, options.settings(), priorKeys, knownAccounts);
      Map<String, Long> reasons = new HashMap<>();
      long accepted = 0;
      for (Row r : validated.groupBy(RecordValidator.REASON_CODE).count().collectAsList()) {
        if (r.isNullAt(0)) {
          accepted = r.getLong(1);
        } else {
          reasons.put(r.getString(0), r.getLong(1));
        }
      }
      long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
      long read = accepted + quarantined;
      double rate = read == 0 ? 0 : (double) quarantined / read;
      String status =
          read == 0 ? "EMPTY" : rate > options.maxRejectionRate() ? "REJECTED" : "INGESTED";

      long t1 = System.nanoTime();
      Instant ingestedAt = Instant.now();
      String batchSlice = LakeTables.BATCH_ID + " = " + DeltaOutputs.literal(batch);
      DeltaOutputs.replaceSlice(
          spark,
          LakeTables.toQuarantine(spec, validated, batch, ingestedAt),
          lake.quarantine(),
          LakeTables.QUARANTINE_SCHEMA,
          List.of("source_table"),
          "source_table = " + DeltaOutputs.literal(spec.name()) + " AND " + batchSlice);
      if (!status.equals("REJECTED")) {
        DeltaOutputs.replaceSlice(
            spark,
            LakeTables.toBronze(spec, validated, batch, ingestedAt),
            bronzePath,
            LakeTables.bronzeSchema(spec),
            LakeTables.partitionedByMonth(spec) ? List.of(LakeTables.EVENT_MONTH) : List.of(),
            batchSlice);
      }
      long t2 = System.nanoTime();
      IngestSummary summary =
          new IngestSummary(
              spec.name(), status, read, accepted, quarantined, reasons, input.extraColumns());
      reconcile(spark, lake, spec, summary, batch);
      long t3 = System.nanoTime();
      LOG.info(
          "{}: read {}, accepted {}, quarantined {} ({}); validate {} s, write {} s, reconcile {} s",
          spec.name(),
          read,
          accepted,
          quarantined,
          status,
          seconds(t1 - t0),
          seconds(t2 - t1),
          seconds(t3 - t2));
      return summary;
    } finally {
      rowChecked.unpersist();
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }

  /** Re-counts what was written for the batch; a mismatch means rows were lost or duplicated. */
  private static void reconcile(
      SparkSession spark, Lake lake, TableSpec spec, IngestSummary summary, String batch) {
    long inQuarantine =
        spark
            .read()
            .format("delta")
            .load(lake.quarantine())
            .filter(
                col("source_table")
                    .equalTo(spec.name())
                    .and(col(LakeTables.BATCH_ID).equalTo(batch)))
            .count();
    long inBronze = 0;
    if (!summary.status().equals("REJECTED")) {
      inBronze =
          spark
              .read()
              .format("delta")
              .load(lake.bronze(spec.name()))
              .filter(col(LakeTables.BATCH_ID).equalTo(batch))
              .count();
    }
    long expectedBronze = summary.status().equals("REJECTED") ? 0 : summary.accepted();
    if (inQuarantine != summary.quarantined() || inBronze != expectedBronze) {
      throw new IllegalStateException(
          String.format(
              "%s batch %s: wrote %d bronze and %d quarantine rows but validated %d accepted and %d"
                  + " quarantined. Re-run the batch; if it persists, report it with this message.",
              spec.name(), batch, inBronze, inQuarantine, expectedBronze, summary.quarantined()));
    }
  }

  private static Row runRow(
      IngestOptions options, RawSourceReader.Source source, IngestSummary s, Instant startedAt) {
    return RowFactory.create(
        options.settings().batchId(),
        s.table(),
        s.status(),
        source.path(),
        options.format(),
        s.read(),
        s.accepted(),
        s.quarantined(),
        scala.jdk.javaapi.CollectionConverters.asScala(s.reasons()),
        scala.jdk.javaapi.CollectionConverters.asScala(s.extraColumns()).toSeq(),
        Timestamp.from(options.settings().asOf()),
        Timestamp.from(startedAt),
        Timestamp.from(Instant.now()));
  }

  /** One commit for the whole run: the batch's rows for the tables of this run are replaced. */
  private static void recordRuns(
      SparkSession spark, Lake lake, IngestOptions options, List<Row> runs) {
    String tables =
        options.tables().stream()
            .map(t -> DeltaOutputs.literal(t.name()))
            .collect(Collectors.joining(", "));
    DeltaOutputs.replaceSlice(
        spark,
        spark.createDataFrame(runs, INGEST_RUNS_SCHEMA),
        lake.ingestRuns(),
        INGEST_RUNS_SCHEMA,
        List.of(),
        "batch_id = "
            + DeltaOutputs.literal(options.settings().batchId())
            + " AND table_name IN ("
            + tables
            + ")");
  }

  /** The per-table summary as printed by the command. */
  public static String render(List<IngestSummary> summaries) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-13s %-9s %12s %12s %12s %7s  %s%n",
            "table",
            "status",
            "read",
            "accepted",
            "quarantined",
            "rate",
            "top reasons"));
    for (IngestSummary s : summaries) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-13s %-9s %12d %12d %12d %6.2f%%  %s%s%n",
              s.table(),
              s.status(),
              s.read(),
              s.accepted(),
              s.quarantined(),
              100 * s.rejectionRate(),
              s.worstReasons(3),
              s.extraColumns().isEmpty()
                  ? ""
                  : "  [extra columns ignored: " + s.extraColumns() + "]"));
    }
    return out.toString();
  }
}
