package io.callwise.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.ingest.ContractViolationException;
import io.callwise.ingest.IngestSettings;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.testing.RawRows;
import io.callwise.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ingest against hostile exports: protected attributes under any spelling, malformed lines next to
 * dropped columns, files of one table that disagree, quoted line breaks, bad encodings, leftovers
 * of a killed run, re-runs with a table missing.
 */
class IngestHardeningTest {

  static SparkSession spark;
  static final Instant AS_OF = Instant.parse("2025-12-31T12:00:00Z");

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
  }

  // ------------------------------------------------------------------ fixtures

  static String csv(List<String> values) {
    return values.stream()
        .map(v -> v == null ? "" : v.contains(",") ? "\"" + v + "\"" : v)
        .collect(Collectors.joining(","));
  }

  static String csv(Map<String, String> row) {
    return csv(new ArrayList<>(row.values()));
  }

  /** A contract row with extra columns appended, as a header and a line. */
  static Map<String, String> plus(Map<String, String> row, String... extra) {
    Map<String, String> out = new LinkedHashMap<>(row);
    for (int i = 0; i < extra.length; i += 2) {
      out.put(extra[i], extra[i + 1]);
    }
    return out;
  }

  Path folder(String batch, TableSpec spec) throws IOException {
    Path f = dir.resolve("landing").resolve(batch).resolve(spec.name());
    Files.createDirectories(f);
    return f;
  }

  Path input(String batch) {
    return dir.resolve("landing").resolve(batch);
  }

  /** Writes one CSV file of {@code spec} with {@code header} and {@code lines}. */
  Path write(String batch, TableSpec spec, String file, List<String> header, List<String> lines)
      throws IOException {
    List<String> all = new ArrayList<>();
    all.add(String.join(",", header));
    all.addAll(lines);
    Files.writeString(folder(batch, spec).resolve(file), String.join("\n", all) + "\n");
    return input(batch);
  }

  Path accounts(String batch, String... ids) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String id : ids) {
      lines.add(csv(RawRows.account(id)));
    }
    return write(batch, RawTables.ACCOUNTS, "part-0.csv", RawTables.ACCOUNTS.columnNames(), lines);
  }

  Lake lake() {
    return Lake.at(dir.resolve("lake").toString());
  }

  IngestOptions options(Path input, String batch, TableSpec... tables) {
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
        1.0);
  }

  List<IngestSummary> ingest(Path input, String batch, TableSpec... tables) {
    return IngestJob.run(spark, lake(), options(input, batch, tables));
  }

  static IngestSummary of(List<IngestSummary> summaries, String table) {
    return summaries.stream().filter(s -> s.table().equals(table)).findFirst().orElseThrow();
  }

  List<Row> quarantine(String table) {
    return Tables.QUARANTINE
        .read(spark, lake())
        .filter(col("source_table").equalTo(table))
        .orderBy("record_key")
        .collectAsList();
  }

  /** Every string stored anywhere under the lake, as text (data and logs alike). */
  String everythingStored() throws IOException {
    StringBuilder out = new StringBuilder();
    for (String table : List.of("accounts", "transactions", "quarantine", "ingest_runs")) {
      String path = lake().root() + "/bronze/" + table;
      if (Lake.isDeltaTable(spark, path)) {
        spark.read().format("delta").load(path).toJSON().collectAsList().forEach(out::append);
      }
    }
    return out.toString();
  }

  // ------------------------------------------------------------------ privacy

  @Test
  void protectedAttributesUnderAnySpellingAreNeverStoredNotEvenInQuarantine() throws IOException {
    List<String> header = new ArrayList<>(RawTables.ACCOUNTS.columnNames());
    header.addAll(List.of("MARRIAGE", "EDUCATION", "customer_gender", "birthdate", "note"));
    List<String> lines =
        List.of(
            csv(
                plus(
                    RawRows.account("A1"),
                    "M",
                    "2",
                    "E",
                    "3",
                    "g",
                    "F",
                    "b",
                    "1987-06-05",
                    "n",
                    "vip")),
            csv(
                plus(
                    RawRows.with(RawRows.account("A2"), "currency", "usd"),
                    "M",
                    "9",
                    "E",
                    "7",
                    "g",
                    "X",
                    "b",
                    "1961-02-03",
                    "n",
                    "SECRET-NOTE")),
            // One field too many: cannot be split, so the line itself is withheld.
            csv(
                    plus(
                        RawRows.account("A3"),
                        "M",
                        "5",
                        "E",
                        "6",
                        "g",
                        "Q",
                        "b",
                        "1950-01-01",
                        "n",
                        "z"))
                + ",surplus");
    Path input = write("b1", RawTables.ACCOUNTS, "part-0.csv", header, lines);

    List<IngestSummary> s = ingest(input, "b1", RawTables.ACCOUNTS);

    IngestSummary accounts = of(s, "accounts");
    assertThat(accounts.accepted()).isEqualTo(1);
    assertThat(accounts.reasons())
        .containsEntry("INVALID_FORMAT", 1L)
        .containsEntry("MALFORMED_RECORD", 1L);
    assertThat(accounts.protectedColumns())
        .containsExactly("MARRIAGE", "EDUCATION", "customer_gender", "birthdate");
    assertThat(accounts.extraColumns()).contains("note");
    List<Row> bad = quarantine("accounts");
    assertThat(bad.get(0).<String>getAs("raw_record"))
        .contains("\"account_id\":\"A2\"")
        .doesNotContain("MARRIAGE")
        .doesNotContain("SECRET-NOTE")
        .doesNotContain("1961-02-03");
    assertThat(bad.get(1).<String>getAs("raw_record"))
        .startsWith("line withheld")
        .contains("part-0.csv")
        .doesNotContain("1950-01-01");
    String stored = everythingStored();
    for (String value : List.of("1987-06-05", "1961-02-03", "1950-01-01", "SECRET-NOTE", "vip")) {
      assertThat(stored).as(value).doesNotContain(value);
    }
  }

  // ------------------------------------------------------------------ malformed lines

  /** Malformed-line detection is the same whatever extra column the header ends with. */
  @ParameterizedTest
  @ValueSource(strings = {"", "age", "note"})
  void malformedLinesAreFoundWhateverColumnsAreLeftOut(String extra) throws IOException {
    Path input = accounts("b1", "A1");
    List<String> header = new ArrayList<>(RawTables.TRANSACTIONS.columnNames());
    List<String> tail = new ArrayList<>();
    if (!extra.isEmpty()) {
      header.add(extra);
      tail.add("987654");
    }
    java.util.function.Function<String, List<String>> row =
        id -> {
          List<String> v = new ArrayList<>(RawRows.transaction(id, "A1").values());
          v.addAll(tail);
          return v;
        };
    List<String> lines =
        List.of(
            csv(row.apply("T1")),
            csv(row.apply("T2")) + ",surplus",
            csv(row.apply("T3").subList(0, 3)),
            csv(row.apply("T4")).replace("T4,A1,", "T4,A1,\"") + "\"extra",
            csv(row.apply("T5")));
    write("b1", RawTables.TRANSACTIONS, "part-0.csv", header, lines);

    IngestSummary txn =
        of(ingest(input, "b1", RawTables.ACCOUNTS, RawTables.TRANSACTIONS), "transactions");

    assertThat(txn.read()).isEqualTo(5);
    assertThat(txn.accepted()).isEqualTo(2);
    assertThat(txn.reasons()).containsExactly(Map.entry("MALFORMED_RECORD", 3L));
    List<String> raws =
        quarantine("transactions").stream().map(r -> r.<String>getAs("raw_record")).toList();
    if (extra.isEmpty()) {
      assertThat(raws).anySatisfy(r -> assertThat(r).contains("surplus"));
    } else {
      assertThat(raws)
          .allSatisfy(r -> assertThat(r).startsWith("line withheld").doesNotContain("987654"));
    }
  }

  @Test
  void quotedLineBreaksBelongToTheirFieldAndRecordsAreCounted() throws IOException {
    Path input = accounts("b1", "A1");
    List<String> header = new ArrayList<>(RawTables.TRANSACTIONS.columnNames());
    header.add("note");
    List<String> lines =
        List.of(
            csv(RawRows.transaction("T1", "A1")) + ",\"called twice,\nno answer\"",
            csv(RawRows.transaction("T2", "A1")) + ",plain",
            // A line break inside a contract value is not a value callwise accepts.
            csv(RawRows.with(RawRows.transaction("T3", "A1"), "merchant_category", "54\n11"))
                    .replace("54\n11", "\"54\n11\"")
                + ",x");
    write("b1", RawTables.TRANSACTIONS, "part-0.csv", header, lines);

    IngestSummary txn =
        of(ingest(input, "b1", RawTables.ACCOUNTS, RawTables.TRANSACTIONS), "transactions");

    assertThat(txn.read()).as("records, not lines").isEqualTo(3);
    assertThat(txn.accepted()).isEqualTo(2);
    assertThat(txn.reasons()).containsExactly(Map.entry("CONTROL_CHARACTER", 1L));
    List<Row> bronze =
        Tables.bronze("transactions").read(spark, lake()).orderBy("txn_id").collectAsList();
    assertThat(bronze.get(0).<String>getAs("txn_id")).isEqualTo("T1");
    assertThat(bronze.get(0).getAs("amount").toString())
        .isEqualTo(RawRows.transaction("T1", "A1").get("amount"));
  }

  @Test
  void aQuoteLeftOpenIsMalformedNotAcceptedWithTheLinesItSwallowed() throws IOException {
    Path input = accounts("b1", "A1");
    List<String> lines = new ArrayList<>();
    lines.add(csv(RawRows.transaction("T0", "A1")).replace("T0,A1,", "T0,A1,\""));
    for (int i = 1; i <= 30; i++) {
      lines.add(csv(RawRows.transaction("T" + i, "A1")));
    }
    write("b1", RawTables.TRANSACTIONS, "part-0.csv", RawTables.TRANSACTIONS.columnNames(), lines);

    IngestSummary txn =
        of(ingest(input, "b1", RawTables.ACCOUNTS, RawTables.TRANSACTIONS), "transactions");

    assertThat(txn.accepted()).isZero();
    assertThat(txn.reasons()).containsOnlyKeys("MALFORMED_RECORD");
    assertThat(quarantine("transactions").get(0).<String>getAs("reason_detail"))
        // 31 lines, and the file's last line break swallowed with them.
        .containsPattern("spans 3[12] lines")
        .contains("quote is probably left open");
  }

  @Test
  void wholeRecordsTakenInByAQuoteLeftOpenAreNotAcceptedAsANote() throws IOException {
    Path input = accounts("b1", "A1");
    List<String> header = new ArrayList<>(RawTables.TRANSACTIONS.columnNames());
    header.add("note");
    List<String> lines =
        List.of(
            // The note's quote is left open: T2 and T3 become part of it, then a quote closes it.
            csv(RawRows.transaction("T1", "A1")) + ",\"opened",
            csv(RawRows.transaction("T2", "A1")) + ",x",
            csv(RawRows.transaction("T3", "A1")) + ",end\"",
            csv(RawRows.transaction("T4", "A1")) + ",\"a note,\nover two lines\"");
    write("b1", RawTables.TRANSACTIONS, "part-0.csv", header, lines);

    IngestSummary txn =
        of(ingest(input, "b1", RawTables.ACCOUNTS, RawTables.TRANSACTIONS), "transactions");

    assertThat(txn.read()).isEqualTo(2);
    assertThat(txn.accepted()).as("only T4, whose note spans two lines").isEqualTo(1);
    assertThat(txn.reasons()).containsExactly(Map.entry("MALFORMED_RECORD", 1L));
    Row bad = quarantine("transactions").get(0);
    assertThat(bad.<String>getAs("record_key")).isEqualTo("T1");
    assertThat(bad.<String>getAs("reason_detail")).contains("a whole record taken in");
  }

  // ------------------------------------------------------------------ encodings

  @Test
  void invalidUtf8AndControlCharactersAreQuarantinedWithReasonsOfTheirOwn() throws IOException {
    Path input = accounts("b1", "A1");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(
        (String.join(",", RawTables.TRANSACTIONS.columnNames()) + "\n")
            .getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(
        (csv(RawRows.transaction("T1", "A1")) + "\n").getBytes(StandardCharsets.UTF_8));
    // T2 with the Latin-1 byte of 'é' in its id, T3 with a NUL inside its id.
    bytes.writeBytes(
        (csv(RawRows.transaction("T2x", "A1")) + "\n").getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(
        (csv(RawRows.transaction("T3x", "A1")) + "\n").getBytes(StandardCharsets.UTF_8));
    byte[] all = bytes.toByteArray();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    all[text.indexOf("T2x") + 2] = (byte) 0xE9;
    all[text.indexOf("T3x") + 2] = 0;
    Files.write(folder("b1", RawTables.TRANSACTIONS).resolve("part-0.csv"), all);

    IngestSummary txn =
        of(ingest(input, "b1", RawTables.ACCOUNTS, RawTables.TRANSACTIONS), "transactions");

    assertThat(txn.accepted()).isEqualTo(1);
    assertThat(txn.reasons())
        .containsEntry("INVALID_ENCODING", 1L)
        .containsEntry("CONTROL_CHARACTER", 1L);
    assertThat(quarantine("transactions"))
        .anySatisfy(
            r ->
                assertThat(r.<String>getAs("reason_detail"))
                    .contains("transactions.txn_id")
                    .contains("not UTF-8"))
        .anySatisfy(
            r ->
                assertThat(r.<String>getAs("reason_detail"))
                    .contains("transactions.txn_id")
                    .contains("'T3^'"));
  }

  // ------------------------------------------------------------------ files that disagree

  enum Disagreement {
    MISSING_COLUMN,
    OTHER_ORDER,
    DUPLICATED_COLUMN,
    ZERO_BYTES,
    GZIP_NAMED_CSV,
    STALE_CHECKSUM
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Disagreement.class)
  void aBadFileFailsTheBatchBeforeAnythingIsWritten(Disagreement kind) throws IOException {
    accounts("b1", "A1", "A2");
    List<String> header = RawTables.TRANSACTIONS.columnNames();
    Path input =
        write(
            "b1",
            RawTables.TRANSACTIONS,
            "part-0.csv",
            header,
            List.of(csv(RawRows.transaction("T1", "A1"))));
    Path second = folder("b1", RawTables.TRANSACTIONS).resolve("part-1.csv");
    String expected;
    switch (kind) {
      case MISSING_COLUMN -> {
        List<String> h = new ArrayList<>(header);
        h.remove("amount");
        Files.writeString(second, String.join(",", h) + "\n");
        expected = "part-1.csv has no column 'amount'";
      }
      case OTHER_ORDER -> {
        List<String> h = new ArrayList<>(header);
        java.util.Collections.swap(h, 0, 1);
        Files.writeString(second, String.join(",", h) + "\n");
        expected = "part-1.csv has its columns in another order (column 1 is 'account_id'";
      }
      case DUPLICATED_COLUMN -> {
        List<String> h = new ArrayList<>(header);
        h.add("amount");
        Files.writeString(second, String.join(",", h) + "\n");
        expected = "column 'amount' appears twice in the header (columns 5 and 8)";
      }
      case ZERO_BYTES -> {
        Files.write(second, new byte[0]);
        expected = "part-1.csv is empty (0 bytes)";
      }
      case GZIP_NAMED_CSV -> {
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(second))) {
          gz.write((String.join(",", header) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        expected = "part-1.csv is gzip-compressed but its name does not end in .gz";
      }
      case STALE_CHECKSUM -> {
        // A Hadoop write leaves a .crc beside the file; the file is then edited by hand.
        org.apache.hadoop.fs.LocalFileSystem fs =
            org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
        try (var out = fs.create(new org.apache.hadoop.fs.Path(second.toString()))) {
          out.write(
              (String.join(",", header) + "\n" + csv(RawRows.transaction("T2", "A2")) + "\n")
                  .getBytes(StandardCharsets.UTF_8));
        }
        String edited = Files.readString(second).replace("T2", "T9");
        Files.writeString(second, edited);
        expected = "does not match its Hadoop checksum";
      }
      default -> throw new IllegalStateException();
    }

    assertThatThrownBy(() -> ingest(input, "b1", RawTables.ACCOUNTS, RawTables.TRANSACTIONS))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("nothing was written")
        .hasMessageContaining("transactions")
        .hasMessageContaining(expected)
        .hasMessageContaining("Fix:");
    assertThat(Lake.exists(spark, Tables.bronze("accounts").path(lake())))
        .as("accounts untouched")
        .isFalse();
    assertThat(Lake.exists(spark, Tables.INGEST_RUNS.path(lake()))).isFalse();
  }

  @Test
  void parquetFilesWhoseTypesDifferFailBeforeAnythingIsWritten() throws IOException {
    accounts("b1", "A1");
    Path input = input("b1");
    Path folder = folder("b1", RawTables.TRANSACTIONS);
    var frame =
        RawRows.frame(spark, RawTables.TRANSACTIONS, List.of(RawRows.transaction("T1", "A1")));
    frame.coalesce(1).write().parquet(dir.resolve("p1").toString());
    frame
        .withColumn("amount", col("amount").cast("double"))
        .coalesce(1)
        .write()
        .parquet(dir.resolve("p2").toString());
    int i = 0;
    for (String p : List.of("p1", "p2")) {
      try (var files = Files.list(dir.resolve(p))) {
        Path part =
            files
                .filter(f -> f.getFileName().toString().endsWith(".parquet"))
                .findFirst()
                .orElseThrow();
        Files.copy(part, folder.resolve("part-" + (i++) + ".parquet"));
      }
    }
    // Accounts as Parquet too, so the batch is one format.
    Files.walk(folder("b1", RawTables.ACCOUNTS))
        .filter(Files::isRegularFile)
        .forEach(f -> f.toFile().delete());
    RawRows.frame(spark, RawTables.ACCOUNTS, List.of(RawRows.account("A1")))
        .coalesce(1)
        .write()
        .mode("overwrite")
        .parquet(folder("b1", RawTables.ACCOUNTS).toString());
    IngestOptions o = options(input, "b1", RawTables.ACCOUNTS, RawTables.TRANSACTIONS);
    IngestOptions parquet = new IngestOptions(o.input(), "parquet", o.tables(), o.settings(), 1.0);

    assertThatThrownBy(() -> IngestJob.run(spark, lake(), parquet))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining(
            "part-1.parquet stores column 'amount' as double where part-0.parquet stores it as string")
        .hasMessageContaining("nothing was written");
    assertThat(Lake.exists(spark, Tables.bronze("accounts").path(lake()))).isFalse();
  }

  @Test
  void aGzipFileNamedGzIsRead() throws IOException {
    Path input = accounts("b1", "A1");
    Path f = folder("b1", RawTables.TRANSACTIONS).resolve("part-0.csv.gz");
    try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(f))) {
      gz.write(
          (String.join(",", RawTables.TRANSACTIONS.columnNames())
                  + "\n"
                  + csv(RawRows.transaction("T1", "A1"))
                  + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    assertThat(
            of(ingest(input, "b1", RawTables.ACCOUNTS, RawTables.TRANSACTIONS), "transactions")
                .accepted())
        .isEqualTo(1);
  }

  // ------------------------------------------------------------------ inputs that are not there

  @Test
  void anInputFolderThatDoesNotExistIsAnError() {
    Path missing = dir.resolve("no/such/folder");
    assertThatThrownBy(() -> ingest(missing, "b1", RawTables.ACCOUNTS))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThat(Lake.exists(spark, Tables.INGEST_RUNS.path(lake()))).isFalse();
  }

  // ------------------------------------------------------------------ re-runs

  @Test
  void aTableAbsentFromAReRunKeepsItsRowsAndItsRunLogRow() throws IOException {
    Path input = accounts("b1", "A1");
    write(
        "b1",
        RawTables.TRANSACTIONS,
        "part-0.csv",
        RawTables.TRANSACTIONS.columnNames(),
        List.of(csv(RawRows.transaction("T1", "A1"))));
    ingest(input, "b1", RawTables.ACCOUNTS, RawTables.TRANSACTIONS);
    List<Row> runsBefore = runs("transactions");

    Files.walk(folder("b1", RawTables.TRANSACTIONS))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    List<IngestSummary> again = ingest(input, "b1", RawTables.ACCOUNTS, RawTables.TRANSACTIONS);

    IngestSummary txn = of(again, "transactions");
    assertThat(txn.status()).isEqualTo("KEPT");
    assertThat(txn.accepted()).isEqualTo(1);
    assertThat(Tables.bronze("transactions").read(spark, lake()).count()).isEqualTo(1);
    assertThat(runs("transactions")).isEqualTo(runsBefore);
  }

  List<Row> runs(String table) {
    return Tables.INGEST_RUNS
        .read(spark, lake())
        .filter(col("table_name").equalTo(table))
        .collectAsList();
  }

  @Test
  void leftoversOfARunKilledBeforeTheFirstCommitAreCleanedUp() throws IOException {
    // What a process killed before a table's first commit leaves: an empty log, maybe an empty
    // staged-commits folder and an orphan data file.
    for (String table : List.of("bronze/quarantine", "bronze/accounts", "bronze/ingest_runs")) {
      Path t = dir.resolve("lake").resolve(table);
      Files.createDirectories(t.resolve("_delta_log/_staged_commits"));
      Files.writeString(t.resolve("part-00000-orphan.snappy.parquet"), "not parquet");
    }
    Path input = accounts("b1", "A1", "A2");

    IngestSummary accounts = of(ingest(input, "b1", RawTables.ACCOUNTS), "accounts");

    assertThat(accounts.accepted()).isEqualTo(2);
    assertThat(Tables.bronze("accounts").read(spark, lake()).count()).isEqualTo(2);
    assertThat(Tables.INGEST_RUNS.read(spark, lake()).count()).isEqualTo(1);
  }
}
