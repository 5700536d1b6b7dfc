package io.callwise.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.ingest.ContractViolationException;
import io.callwise.ingest.IngestStatus;
import io.callwise.ingest.IngestSummary;
import io.callwise.ingest.LakeTables;
import io.callwise.ingest.RawInput;
import io.callwise.ingest.RecordValidator;
import io.callwise.jobs.runtime.Concurrently;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.DeltaOutputs;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.LakeTable;
import io.callwise.jobs.storage.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

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
 *       per bronze table and one for the quarantine of all its tables; a key accepted by another
 *       batch is quarantined as ALREADY_INGESTED;
 *   <li>a missing contract column fails before anything is written;
 *   <li>a table whose rejection rate exceeds the threshold leaves its bronze table unchanged, still
 *       writes its quarantine rows, and makes the job fail after every table has been reported.
 * </ul>
 */
public final class IngestJob {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  /**
   * Tables validated, and then written, at the same time: one table's planning and Delta commits
   * overlap another's tasks (the demo book's ingest: 114 s one at a time, 103-106 s three at a
   * time; the cores are busy most of the time either way). Every table is cached before anything is
   * written whatever this is.
   */
  static final int CONCURRENT_TABLES = 3;

  private IngestJob() {}

  /**
   * Runs the ingest and returns one summary per table, in contract order.
   *
   * <p>Three phases: every table's files are checked and opened; every table is read and validated
   * into Spark's cache (a file that cannot be read fails here); only then is anything written. So a
   * problem with any file of the delivery fails the batch before its first write.
   *
   * @throws ContractViolationException if an export is unreadable, its files disagree or it misses
   *     a contract column (nothing written)
   * @throws JobFailedException if {@code --input} does not exist or holds no table
   * @throws IngestRejectedException if a table exceeds the rejection-rate threshold (after writing)
   */
  public static List<IngestSummary> run(SparkSession spark, Lake lake, IngestOptions options) {
    String batch = options.settings().batchId();
    Instant startedAt = Instant.now();
    if (!Lake.exists(spark, options.input())) {
      throw new JobFailedException(
          "--input "
              + options.input()
              + " does not exist; nothing was ingested. Fix: give the folder that holds the"
              + " delivery's table folders ({input}/accounts, {input}/transactions, ...).");
    }

    // Phase 1: check the files of every table and open them. Contract violations surface here.
    Map<String, RawSourceReader.Source> sources = new LinkedHashMap<>();
    Map<String, RawInput.Normalized> normalized = new HashMap<>();
    List<String> violations = new ArrayList<>();
    for (TableSpec spec : options.tables()) {
      try {
        RawSourceReader.Source source =
            RawSourceReader.open(
                spark, spec, options.input(), options.format(), options.maxFieldChars());
        sources.put(spec.name(), source);
        if (!source.absent()) {
          normalized.put(
              spec.name(),
              RawInput.normalize(spec, source.rows(), source.corruptColumn(), options.settings()));
        }
      } catch (ContractViolationException e) {
        violations.add(e.getMessage());
      }
    }
    failIfAny(batch, violations);
    if (sources.values().stream().allMatch(RawSourceReader.Source::absent)) {
      throw new JobFailedException(
          String.format(
              "no raw table found under %s: expected sub-folders named after the tables (%s/%s,"
                  + " ...); nothing was ingested.",
              options.input(), options.input(), options.tables().get(0).name()));
    }

    // Phase 2: read and validate every table into the cache; nothing is written yet. The accounts
    // come first (the other tables' references are checked against them), then the other tables,
    // a few at a time.
    Map<String, Validated> validated = new LinkedHashMap<>();
    try {
      List<TableSpec> present =
          options.tables().stream().filter(s -> !sources.get(s.name()).absent()).toList();
      List<TableSpec> first =
          present.stream().filter(s -> s.name().equals(RawTables.ACCOUNTS.name())).toList();
      List<TableSpec> rest =
          present.stream().filter(s -> !s.name().equals(RawTables.ACCOUNTS.name())).toList();
      for (List<TableSpec> wave : List.of(first, rest)) {
        Map<String, Validated> before = Map.copyOf(validated);
        for (Concurrently.Outcome<TableSpec, Validated> o :
            Concurrently.map(
                "validate",
                wave,
                CONCURRENT_TABLES,
                spec ->
                    validate(spark, lake, options, spec, normalized.get(spec.name()), before))) {
          if (o.failed()) {
            violations.add(
                ReadFailures.describe(
                    o.item(), sources.get(o.item().name()), o.failure(), options));
          } else {
            validated.put(o.item().name(), o.value());
          }
        }
      }
      violations.addAll(undeclaredCounts(options, sources, validated));
      failIfAny(batch, violations);

      // Phase 3: the quarantine rows of every table in one commit, then the bronze tables (a few
      // at a time, one commit each), each re-counted, then the run log in one commit.
      Map<String, Row> earlierRuns = earlierRuns(spark, lake, batch);
      List<TableSpec> toWrite =
          present.stream().filter(s -> validated.containsKey(s.name())).toList();
      Instant ingestedAt = Instant.now();
      writeQuarantine(spark, lake, options, toWrite, validated, ingestedAt);
      Map<String, Long> inQuarantine = quarantinedByTable(spark, lake, batch, validated.keySet());
      Concurrently.values(
          Concurrently.map(
              "write",
              toWrite,
              CONCURRENT_TABLES,
              spec -> {
                Validated v = validated.get(spec.name());
                write(spark, lake, options, spec, v, ingestedAt);
                reconcile(spark, lake, spec, v.summary(), batch, inQuarantine);
                return spec;
              }));
      List<IngestSummary> summaries = new ArrayList<>();
      List<Row> runs = new ArrayList<>();
      for (TableSpec spec : options.tables()) {
        RawSourceReader.Source source = sources.get(spec.name());
        Validated v = validated.get(spec.name());
        if (v != null) {
          summaries.add(v.summary());
          runs.add(runRow(options, source, v.summary(), startedAt));
        } else if (earlierRuns.containsKey(spec.name())
            && !earlierRuns
                .get(spec.name())
                .<String>getAs("status")
                .equals(IngestStatus.ABSENT.name())) {
          // Absent from this re-run: the batch's earlier rows of the table stay, and so does the
          // run log's row that counts them.
          summaries.add(kept(earlierRuns.get(spec.name())));
        } else {
          IngestSummary absent =
              new IngestSummary(
                  spec.name(), IngestStatus.ABSENT.name(), 0, 0, 0, Map.of(), List.of());
          summaries.add(absent);
          runs.add(runRow(options, source, absent, startedAt));
        }
      }
      recordRuns(spark, lake, options, runs);
      throwIfRejected(lake, options, summaries);
      return summaries;
    } finally {
      validated.values().forEach(Validated::release);
    }
  }

  /** Tables whose record count differs from what the delivery declared, in words. */
  private static List<String> undeclaredCounts(
      IngestOptions options,
      Map<String, RawSourceReader.Source> sources,
      Map<String, Validated> validated) {
    List<String> out = new ArrayList<>();
    for (TableSpec spec : options.tables()) {
      Long declared = options.declaredRows().get(spec.name());
      if (declared == null) {
        continue;
      }
      Validated v = validated.get(spec.name());
      if (v == null) {
        if (sources.get(spec.name()) != null && sources.get(spec.name()).absent()) {
          out.add(
              spec.name()
                  + ": the manifest declares "
                  + declared
                  + " records but the batch has no "
                  + spec.name()
                  + " folder");
        }
        continue;
      }
      long read = v.summary().read();
      if (read != declared) {
        out.add(
            String.format(
                Locale.ROOT,
                "%s: %,d records read, the manifest declares %,d (a truncated or partly delivered"
                    + " file?)",
                spec.name(),
                read,
                declared));
      }
    }
    return out;
  }

  private static void failIfAny(String batch, List<String> violations) {
    if (!violations.isEmpty()) {
      throw new ContractViolationException(
          "batch "
              + batch
              + " was not ingested; nothing was written:\n  "
              + String.join("\n  ", violations));
    }
  }

  private static void throwIfRejected(
      Lake lake, IngestOptions options, List<IngestSummary> summaries) {
    List<IngestSummary> rejected =
        summaries.stream().filter(s -> s.status().equals(IngestStatus.REJECTED.name())).toList();
    if (rejected.isEmpty()) {
      return;
    }
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
                        Tables.QUARANTINE.path(lake),
                        options.settings().batchId()))
            .collect(Collectors.joining("\n")),
        summaries);
  }

  /** A table validated and cached, with its counts, waiting to be written. */
  private record Validated(
      Dataset<Row> rowChecked, Dataset<Row> rows, IngestSummary summary, double seconds) {
    void release() {
      rows.unpersist();
      rowChecked.unpersist();
    }
  }

  private static Validated validate(
      SparkSession spark,
      Lake lake,
      IngestOptions options,
      TableSpec spec,
      RawInput.Normalized input,
      Map<String, Validated> before) {
    String batch = options.settings().batchId();
    LakeTable bronze = Tables.bronze(spec);
    Dataset<Row> priorKeys = null;
    if (bronze.exists(spark, lake)) {
      List<Column> keyColumns = new ArrayList<>();
      spec.primaryKey().forEach(k -> keyColumns.add(col(k)));
      keyColumns.add(col(LakeTables.BATCH_ID));
      priorKeys = bronze.read(spark, lake).select(keyColumns.toArray(Column[]::new));
    }
    Dataset<Row> knownAccounts = null;
    if (spec.referencesAccounts()) {
      knownAccounts = knownAccounts(spark, lake, batch, before.get(RawTables.ACCOUNTS.name()));
    }

    // The input is parsed and checked once, into Spark's compressed columnar cache; the key
    // checks and the counts read only the columns they need from it. The verdicts are cached too
    // (the raw record kept for quarantined rows only), so the writes read no input file again.
    long t0 = System.nanoTime();
    Dataset<Row> rowChecked =
        RecordValidator.checkRows(spec, input.rows(), options.settings())
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> verdicts =
        RecordValidator.checkKeys(spec, rowChecked, options.settings(), priorKeys, knownAccounts);
    verdicts =
        verdicts
            .withColumn(
                RawInput.RAW_RECORD,
                when(col(RecordValidator.REASON_CODE).isNotNull(), col(RawInput.RAW_RECORD)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Validated v = new Validated(rowChecked, verdicts, null, 0);
    try {
      Map<String, Long> reasons = new HashMap<>();
      long accepted = 0;
      for (Row r : verdicts.groupBy(RecordValidator.REASON_CODE).count().collectAsList()) {
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
          read == 0
              ? IngestStatus.EMPTY.name()
              : rate > options.maxRejectionRate()
                  ? IngestStatus.REJECTED.name()
                  : IngestStatus.INGESTED.name();
      IngestSummary summary =
          new IngestSummary(
              spec.name(),
              status,
              read,
              accepted,
              quarantined,
              reasons,
              input.extraColumns(),
              input.protectedColumns());
      return new Validated(rowChecked, verdicts, summary, (System.nanoTime() - t0) / 1e9);
    } catch (RuntimeException e) {
      v.release();
      throw e;
    }
  }

  /**
   * The accounts a row may refer to: those of other batches, and this batch's accepted ones when
   * its accounts are written by this run; otherwise whatever bronze holds.
   */
  private static Dataset<Row> knownAccounts(
      SparkSession spark, Lake lake, String batch, Validated accountsOfThisRun) {
    LakeTable accounts = Tables.bronze(RawTables.ACCOUNTS);
    Dataset<Row> bronze = accounts.exists(spark, lake) ? accounts.read(spark, lake) : null;
    boolean replaced =
        accountsOfThisRun != null
            && !accountsOfThisRun.summary().status().equals(IngestStatus.REJECTED.name());
    Dataset<Row> known = null;
    if (bronze != null) {
      known =
          (replaced ? bronze.filter(col(LakeTables.BATCH_ID).notEqual(batch)) : bronze)
              .select("account_id", "currency");
    }
    if (replaced) {
      Dataset<Row> mine =
          RecordValidator.accepted(accountsOfThisRun.rows()).select("account_id", "currency");
      known = known == null ? mine : known.union(mine);
    }
    return known != null
        ? known
        : spark.createDataFrame(
            List.of(),
            new StructType()
                .add("account_id", DataTypes.StringType)
                .add("currency", DataTypes.StringType));
  }

  /**
   * The quarantined rows of every validated table in one commit; the batch's earlier rows of those
   * tables are replaced, those of tables absent from this run stay.
   */
  private static void writeQuarantine(
      SparkSession spark,
      Lake lake,
      IngestOptions options,
      List<TableSpec> specs,
      Map<String, Validated> validated,
      Instant ingestedAt) {
    String batch = options.settings().batchId();
    Dataset<Row> rows = null;
    for (TableSpec spec : specs) {
      Dataset<Row> table =
          LakeTables.toQuarantine(spec, validated.get(spec.name()).rows(), batch, ingestedAt);
      rows = rows == null ? table : rows.unionByName(table);
    }
    if (rows == null) {
      return;
    }
    String tables =
        specs.stream()
            .map(spec -> DeltaOutputs.literal(spec.name()))
            .collect(Collectors.joining(", "));
    Tables.QUARANTINE.replace(
        spark,
        lake,
        rows,
        LakeTables.BATCH_ID
            + " = "
            + DeltaOutputs.literal(batch)
            + " AND "
            + LakeTables.SOURCE_TABLE
            + " IN ("
            + tables
            + ")");
  }

  /** The batch's quarantined rows by table, as written (one count for every table). */
  private static Map<String, Long> quarantinedByTable(
      SparkSession spark, Lake lake, String batch, Set<String> tables) {
    Map<String, Long> out = new HashMap<>();
    tables.forEach(t -> out.put(t, 0L));
    if (tables.isEmpty()) {
      return out;
    }
    for (Row r :
        Tables.QUARANTINE
            .read(spark, lake)
            .filter(col(LakeTables.BATCH_ID).equalTo(batch))
            .groupBy(LakeTables.SOURCE_TABLE)
            .count()
            .collectAsList()) {
      out.computeIfPresent(r.getString(0), (k, v) -> r.getLong(1));
    }
    return out;
  }

  private static void write(
      SparkSession spark,
      Lake lake,
      IngestOptions options,
      TableSpec spec,
      Validated v,
      Instant ingestedAt) {
    String batch = options.settings().batchId();
    IngestSummary summary = v.summary();
    long t1 = System.nanoTime();
    if (!summary.status().equals(IngestStatus.REJECTED.name())) {
      Tables.bronze(spec)
          .replace(
              spark,
              lake,
              LakeTables.toBronze(spec, v.rows(), batch, ingestedAt),
              LakeTables.BATCH_ID + " = " + DeltaOutputs.literal(batch));
    }
    LOG.info(
        "{}: read {}, accepted {}, quarantined {} ({}); validate {} s, write {} s",
        spec.name(),
        summary.read(),
        summary.accepted(),
        summary.quarantined(),
        summary.status(),
        String.format(Locale.ROOT, "%.1f", v.seconds()),
        seconds(System.nanoTime() - t1));
  }

  /** This batch's rows of the run log by table, from an earlier run of it; empty if none. */
  private static Map<String, Row> earlierRuns(SparkSession spark, Lake lake, String batch) {
    Map<String, Row> out = new HashMap<>();
    if (!Tables.INGEST_RUNS.exists(spark, lake)) {
      return out;
    }
    for (Row r :
        Tables.INGEST_RUNS
            .read(spark, lake)
            .filter(col("batch_id").equalTo(batch))
            .collectAsList()) {
      out.put(r.getAs("table_name"), r);
    }
    return out;
  }

  private static IngestSummary kept(Row earlier) {
    Map<String, Long> reasons =
        CollectionConverters.asJava(
            earlier.<scala.collection.Map<String, Long>>getAs("quarantined_by_reason"));
    List<String> extra = CollectionConverters.asJava(earlier.<Seq<String>>getAs("extra_columns"));
    return new IngestSummary(
        earlier.getAs("table_name"),
        IngestStatus.KEPT.name(),
        earlier.<Long>getAs("rows_read"),
        earlier.<Long>getAs("rows_accepted"),
        earlier.<Long>getAs("rows_quarantined"),
        reasons,
        extra);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }

  /** Re-counts what was written for the batch; a mismatch means rows were lost or duplicated. */
  private static void reconcile(
      SparkSession spark,
      Lake lake,
      TableSpec spec,
      IngestSummary summary,
      String batch,
      Map<String, Long> quarantined) {
    long inQuarantine = quarantined.getOrDefault(spec.name(), 0L);
    long inBronze = 0;
    if (!summary.status().equals(IngestStatus.REJECTED.name())) {
      inBronze =
          Tables.bronze(spec)
              .read(spark, lake)
              .filter(col(LakeTables.BATCH_ID).equalTo(batch))
              .count();
    }
    long expectedBronze =
        summary.status().equals(IngestStatus.REJECTED.name()) ? 0 : summary.accepted();
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
        CollectionConverters.asScala(s.reasons()),
        CollectionConverters.asScala(s.extraColumns()).toSeq(),
        Timestamp.from(options.settings().asOf()),
        Timestamp.from(startedAt),
        Timestamp.from(Instant.now()));
  }

  /**
   * One commit for the whole run: the batch's rows for the tables read by this run are replaced; a
   * table absent from a re-run keeps the row of the run that wrote its rows.
   */
  private static void recordRuns(
      SparkSession spark, Lake lake, IngestOptions options, List<Row> runs) {
    if (runs.isEmpty()) {
      return;
    }
    String tables =
        runs.stream()
            .map(r -> DeltaOutputs.literal(r.getString(1)))
            .collect(Collectors.joining(", "));
    Tables.INGEST_RUNS.replace(
        spark,
        lake,
        spark.createDataFrame(runs, LakeTables.INGEST_RUNS),
        "batch_id = "
            + DeltaOutputs.literal(options.settings().batchId())
            + " AND table_name IN ("
            + tables
            + ")");
  }

  private static String note(IngestSummary s) {
    StringBuilder out = new StringBuilder();
    if (s.status().equals(IngestStatus.KEPT.name())) {
      out.append("  [absent from this delivery: the batch's earlier rows are kept]");
    }
    if (!s.extraColumns().isEmpty()) {
      out.append("  [extra columns ignored: ").append(s.extraColumns()).append(']');
    }
    if (!s.protectedColumns().isEmpty()) {
      out.append("  [protected attributes, never stored: ")
          .append(s.protectedColumns())
          .append(']');
    }
    return out.toString();
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
              note(s)));
    }
    return out.toString();
  }
}
