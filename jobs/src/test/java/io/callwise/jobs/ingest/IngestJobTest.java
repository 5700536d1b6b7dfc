package io.callwise.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.ingest.ContractViolationException;
import io.callwise.ingest.IngestSettings;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.testing.RawRows;
import io.callwise.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest end to end on hand-written exports and real Delta tables. */
class IngestJobTest {

  static SparkSession spark;
  static final Instant AS_OF = Instant.parse("2025-12-31T12:00:00Z");

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
  }

  static String csvLine(Map<String, String> row) {
    return RawRows.csvLine(row);
  }

  /** Writes {input}/{table}/part-0.csv with the contract header and the given lines. */
  Path export(String batch, TableSpec spec, List<String> lines) throws IOException {
    return RawRows.writeCsv(dir.resolve("landing"), batch, spec, lines);
  }

  Lake lake() {
    return Lake.at(dir.resolve("lake").toString());
  }

  IngestOptions options(Path input, String batch, double maxRate, TableSpec... tables) {
    return new IngestOptions(
        input.toString(),
        "csv",
        List.of(tables),
        new IngestSettings(
            batch,
            AS_OF,
            LocalDate.parse("2000-01-01"),
            10,
            IngestSettings.ExtraColumnPolicy.IGNORE),
        maxRate);
  }

  static IngestSummary of(List<IngestSummary> summaries, String table) {
    return summaries.stream().filter(s -> s.table().equals(table)).findFirst().orElseThrow();
  }

  long bronzeRows(String table) {
    return Tables.bronze(table).read(spark, lake()).count();
  }

  /** The bronze rows, leaving out ingested_at (the one column a re-run may change). */
  List<Row> bronzeContent(String table) {
    return Tables.bronze(table).read(spark, lake()).drop("ingested_at").collectAsList();
  }

  List<Row> quarantine(String table) {
    return Tables.QUARANTINE
        .read(spark, lake())
        .filter(col("source_table").equalTo(table))
        .collectAsList();
  }

  @Test
  void malformedLinesAreQuarantinedWithTheirTextAndEveryLineIsAccountedFor() throws IOException {
    export("b1", RawTables.ACCOUNTS, List.of(csvLine(RawRows.account("A1"))));
    List<String> lines =
        List.of(
            csvLine(RawRows.transaction("T1", "A1")),
            csvLine(RawRows.transaction("T2", "A1")) + ",surplus",
            "T3,A1,2025-03-04T10:15:00Z",
            csvLine(RawRows.transaction("T5", "A1")),
            // A quote left open on the last line: the record runs to the end of the file.
            "T4,A1,\"2025-03-04T10:15:00Z,PURCHASE,25.40,5411,SUCCEEDED");
    Path input = export("b1", RawTables.TRANSACTIONS, lines);

    List<IngestSummary> summaries =
        IngestJob.run(
            spark, lake(), options(input, "b1", 1.0, RawTables.ACCOUNTS, RawTables.TRANSACTIONS));

    IngestSummary txn = of(summaries, "transactions");
    long dataLines = Files.readAllLines(input.resolve("transactions/part-0.csv")).size() - 1;
    assertThat(txn.read()).as("every line read").isEqualTo(dataLines);
    assertThat(txn.accepted() + txn.quarantined()).isEqualTo(txn.read());
    assertThat(txn.accepted()).isEqualTo(2);
    assertThat(bronzeRows("transactions")).isEqualTo(2);
    List<Row> bad = quarantine("transactions");
    assertThat(bad)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.<String>getAs("reason_code")).isEqualTo("MALFORMED_RECORD"));
    assertThat(bad.stream().map(r -> r.<String>getAs("raw_record")))
        .anySatisfy(raw -> assertThat(raw).startsWith("T3,A1"))
        .anySatisfy(raw -> assertThat(raw).contains("surplus"));
  }

  @Test
  void aZeroByteFileIsNotAnEmptyTable() throws IOException {
    Path input = export("b1", RawTables.ACCOUNTS, List.of(csvLine(RawRows.account("A1"))));
    Path folder = input.resolve("transactions");
    Files.createDirectories(folder);
    Files.createFile(folder.resolve("part-0.csv"));

    assertThatThrownBy(
            () ->
                IngestJob.run(
                    spark,
                    lake(),
                    options(input, "b1", 0.05, RawTables.ACCOUNTS, RawTables.TRANSACTIONS)))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("transactions: file")
        .hasMessageContaining("part-0.csv is empty (0 bytes)")
        .hasMessageContaining("nothing was written");
    assertThat(Lake.exists(spark, Tables.bronze("accounts").path(lake()))).isFalse();
  }

  @Test
  void aMissingColumnFailsBeforeAnythingIsWritten() throws IOException {
    export("b1", RawTables.ACCOUNTS, List.of(csvLine(RawRows.account("A1"))));
    Path folder = dir.resolve("landing/b1/transactions");
    Files.createDirectories(folder);
    Files.write(
        folder.resolve("part-0.csv"),
        List.of(
            "txn_id,account_id,txn_time,txn_type,merchant_category,status",
            "T1,A1,2025-03-04T10:15:00Z,PURCHASE,5411,SUCCEEDED"));

    assertThatThrownBy(
            () ->
                IngestJob.run(
                    spark,
                    lake(),
                    options(
                        dir.resolve("landing/b1"),
                        "b1",
                        0.05,
                        RawTables.ACCOUNTS,
                        RawTables.TRANSACTIONS)))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("transactions.amount")
        .hasMessageContaining("nothing was written");
    assertThat(Lake.exists(spark, Tables.bronze("accounts").path(lake()))).isFalse();
  }

  @Test
  void emptyAndAbsentTablesAreReportedNotFailed() throws IOException {
    Path input = export("b1", RawTables.ACCOUNTS, List.of());
    Files.createDirectories(input.resolve("transactions"));

    List<IngestSummary> summaries =
        IngestJob.run(
            spark,
            lake(),
            options(
                input, "b1", 0.05, RawTables.ACCOUNTS, RawTables.TRANSACTIONS, RawTables.CONTACTS));

    assertThat(of(summaries, "accounts").status()).isEqualTo("EMPTY");
    assertThat(of(summaries, "transactions").status()).isEqualTo("EMPTY");
    assertThat(of(summaries, "contacts").status()).isEqualTo("ABSENT");
    assertThat(summaries).allSatisfy(s -> assertThat(s.read()).isZero());
    assertThat(Tables.INGEST_RUNS.read(spark, lake()).count()).isEqualTo(3);
  }

  @Test
  void reRunningABatchReplacesItAndAnotherBatchCannotRepeatItsKeys() throws IOException {
    Path input =
        export(
            "b1",
            RawTables.ACCOUNTS,
            List.of(csvLine(RawRows.account("A1")), csvLine(RawRows.account("A2"))));
    export(
        "b1",
        RawTables.TRANSACTIONS,
        List.of(
            csvLine(RawRows.transaction("T1", "A1")),
            csvLine(RawRows.transaction("T2", "A2")),
            csvLine(RawRows.with(RawRows.transaction("T3", "A1"), "amount", "-4.00"))));
    IngestOptions first = options(input, "b1", 1.0, RawTables.ACCOUNTS, RawTables.TRANSACTIONS);

    IngestJob.run(spark, lake(), first);
    List<Row> bronzeOnce = bronzeContent("transactions");
    IngestJob.run(spark, lake(), first);
    List<Row> bronzeTwice = bronzeContent("transactions");

    assertThat(bronzeTwice).containsExactlyInAnyOrderElementsOf(bronzeOnce).hasSize(2);
    assertThat(quarantine("transactions")).hasSize(1);
    assertThat(Tables.INGEST_RUNS.read(spark, lake()).count()).isEqualTo(2);

    List<IngestSummary> again =
        IngestJob.run(
            spark, lake(), options(input, "b2", 1.0, RawTables.ACCOUNTS, RawTables.TRANSACTIONS));
    assertThat(of(again, "transactions").reasons()).containsEntry("ALREADY_INGESTED", 2L);
    assertThat(of(again, "accounts").reasons()).containsEntry("ALREADY_INGESTED", 2L);
    assertThat(bronzeRows("transactions")).isEqualTo(2);
    assertThat(bronzeRows("accounts")).isEqualTo(2);
  }

  @Test
  void aBatchAboveTheRejectionThresholdFailsAndLeavesBronzeAsItWas() throws IOException {
    Path input = export("b1", RawTables.ACCOUNTS, List.of(csvLine(RawRows.account("A1"))));
    export("b1", RawTables.TRANSACTIONS, List.of(csvLine(RawRows.transaction("T1", "A1"))));
    IngestJob.run(
        spark, lake(), options(input, "b1", 0.05, RawTables.ACCOUNTS, RawTables.TRANSACTIONS));

    Path bad =
        export(
            "b2",
            RawTables.TRANSACTIONS,
            List.of(
                csvLine(RawRows.transaction("T2", "A1")),
                csvLine(RawRows.with(RawRows.transaction("T3", "A1"), "amount", "-1.00")),
                csvLine(RawRows.with(RawRows.transaction("T4", "A1"), "amount", "-2.00")),
                csvLine(RawRows.with(RawRows.transaction("T5", "A1"), "status", "PAID"))));

    assertThatThrownBy(
            () -> IngestJob.run(spark, lake(), options(bad, "b2", 0.05, RawTables.TRANSACTIONS)))
        .isInstanceOf(IngestRejectedException.class)
        .hasMessageContaining("transactions: 75.00% of 4 rows quarantined")
        .hasMessageContaining("NEGATIVE_AMOUNT (2), UNKNOWN_ENUM_VALUE (1)")
        .hasMessageContaining("max-rejection-rate")
        .satisfies(e -> assertThat(((IngestRejectedException) e).summaries()).hasSize(1));
    assertThat(bronzeRows("transactions")).as("bronze unchanged").isEqualTo(1);
    assertThat(quarantine("transactions")).as("rejected rows kept for inspection").hasSize(3);
  }

  @Test
  void laterBatchesReferToAccountsOfEarlierOnes() throws IOException {
    IngestJob.run(
        spark,
        lake(),
        options(
            export("b1", RawTables.ACCOUNTS, List.of(csvLine(RawRows.account("A1")))),
            "b1",
            0.5,
            RawTables.ACCOUNTS));
    Path input =
        export(
            "b2",
            RawTables.REPAYMENTS,
            List.of(
                csvLine(RawRows.repayment("R1", "A1")), csvLine(RawRows.repayment("R2", "A9"))));
    List<IngestSummary> s =
        IngestJob.run(spark, lake(), options(input, "b2", 0.5, RawTables.REPAYMENTS));
    assertThat(of(s, "repayments").accepted()).isEqualTo(1);
    assertThat(of(s, "repayments").reasons()).containsExactly(Map.entry("ORPHAN_REFERENCE", 1L));
  }

  @Test
  void parquetExportsAndExtraColumnsAreAccepted() throws IOException {
    Map<String, String> account = new java.util.LinkedHashMap<>(RawRows.account("A1"));
    account.put("branch_code", "NYC-4");
    Path input = dir.resolve("landing/pq");
    RawRows.frame(spark, RawTables.ACCOUNTS, List.of(account))
        .write()
        .parquet(input.resolve("accounts").toString());
    IngestOptions o = options(input, "pq", 0.0, RawTables.ACCOUNTS);
    IngestOptions parquet =
        new IngestOptions(o.input(), "parquet", o.tables(), o.settings(), o.maxRejectionRate());

    List<IngestSummary> s = IngestJob.run(spark, lake(), parquet);

    assertThat(of(s, "accounts").accepted()).isEqualTo(1);
    assertThat(of(s, "accounts").extraColumns()).containsExactly("branch_code");
    assertThat(Tables.bronze("accounts").read(spark, lake()).columns())
        .doesNotContain("branch_code");
    Row run = Tables.INGEST_RUNS.read(spark, lake()).first();
    assertThat(run.getList(run.fieldIndex("extra_columns"))).containsExactly("branch_code");
  }
}
