package io.callwise.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.testing.RawRows;
import io.callwise.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New export batches under a landing root: complete ones ingested in name order and once, a batch
 * without its marker left and reported, a manifest's checksums and record counts verified before
 * anything is written, the failing batch named.
 */
class LandingIngestTest {

  static SparkSession spark;
  static final Instant AS_OF = Instant.parse("2025-12-31T12:00:00Z");

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
  }

  Lake lake() {
    return Lake.at(dir.resolve("lake").toString());
  }

  String landing() {
    return dir.resolve("landing").toUri().toString().replaceAll("/$", "");
  }

  static String csv(Map<String, String> row) {
    return RawRows.csvLine(row);
  }

  Path export(String batch, TableSpec spec, List<String> lines) throws IOException {
    return RawRows.writeCsv(dir.resolve("landing"), batch, spec, lines);
  }

  /** A batch of accounts A.. and one transaction each; its marker a manifest or _SUCCESS. */
  Path batch(String id, int accounts, boolean manifest) throws IOException {
    List<String> acc = new ArrayList<>();
    List<String> txn = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      acc.add(csv(RawRows.account(id + "-A" + i)));
      txn.add(csv(RawRows.transaction(id + "-T" + i, id + "-A" + i)));
    }
    export(id, RawTables.ACCOUNTS, acc);
    Path folder = export(id, RawTables.TRANSACTIONS, txn);
    if (manifest) {
      Landing.writeManifest(
          spark,
          folder.toUri().toString(),
          AS_OF,
          Map.of("accounts", (long) accounts, "transactions", (long) accounts));
    } else {
      Files.writeString(folder.resolve(Landing.SUCCESS), "");
    }
    return folder;
  }

  static final Function<Landing.Batch, IngestOptions> INGEST =
      b ->
          IngestOptions.fromConfig(
                  CallwiseConfig.defaults(), b.uri(), b.id(), b.asOf().toString(), null)
              .withDeclaredRows(Landing.declaredRows(b).orElse(Map.of()));

  long ingestRuns(String batch) {
    return Tables.INGEST_RUNS.read(spark, lake()).filter("batch_id = '" + batch + "'").count();
  }

  @Test
  void completeBatchesAreIngestedInOrderOnceAndAHalfWrittenOneWaits() throws IOException {
    batch("2025-12-02", 2, false);
    batch("2025-12-01", 3, true);
    export("2025-12-03", RawTables.ACCOUNTS, List.of(csv(RawRows.account("late"))));
    LandingIngest.Report first = LandingIngest.run(spark, lake(), landing(), INGEST);
    assertThat(first.ingested()).containsExactly("2025-12-01 (6 rows)", "2025-12-02 (4 rows)");
    assertThat(first.waiting()).containsExactly("2025-12-03");
    assertThat(first.render(landing()))
        .contains("waiting for a completion marker")
        .contains("2025-12-03");
    long accounts = Tables.bronze("accounts").read(spark, lake()).count();
    assertThat(accounts).isEqualTo(5);

    // the same landing again: nothing new; the late batch, once complete, alone
    Files.writeString(dir.resolve("landing/2025-12-03").resolve(Landing.SUCCESS), "");
    LandingIngest.Report second = LandingIngest.run(spark, lake(), landing(), INGEST);
    assertThat(second.earlier()).containsExactly("2025-12-01", "2025-12-02");
    assertThat(second.ingested()).containsExactly("2025-12-03 (1 rows)");
    assertThat(LandingIngest.run(spark, lake(), landing(), INGEST).ingested()).isEmpty();
    assertThat(Tables.bronze("accounts").read(spark, lake()).count()).isEqualTo(6);
    assertThat(ingestRuns("2025-12-01")).isEqualTo(ingestRuns("2025-12-02"));
  }

  @Test
  void aBatchNotMatchingItsManifestIsRefusedBeforeAnythingIsWrittenAndNamed() throws IOException {
    Path good = batch("b1", 2, true);
    Path changed = batch("b2", 2, true);
    // a file cut short in transit: its checksum no longer matches
    Path part = changed.resolve("transactions/part-0.csv");
    List<String> lines = Files.readAllLines(part);
    Files.write(part, lines.subList(0, lines.size() - 1));
    assertThatThrownBy(() -> LandingIngest.run(spark, lake(), landing(), INGEST))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining(
            "batch b2 of " + landing() + " failed (ingested before it: b1 (4 rows))")
        .hasMessageContaining("transactions/part-0.csv has SHA-256")
        .hasMessageContaining("Nothing was ingested");
    assertThat(ingestRuns("b2")).isZero();
    assertThat(good).exists();

    // an unlisted file in a listed table's folder
    Path extra = batch("b3", 1, true);
    Files.writeString(extra.resolve("accounts/part-9.csv"), "x\n");
    assertThatThrownBy(() -> Landing.verify(spark, find("b3")))
        .hasMessageContaining("accounts/part-9.csv is not in the manifest");
  }

  @Test
  void aRecordCountOtherThanTheManifestsFailsTheBatch() throws IOException {
    Path b = batch("b1", 3, true);
    // the manifest rewritten with checksums of the files as they are, but a wrong count
    Landing.writeManifest(
        spark, b.toUri().toString(), AS_OF, Map.of("accounts", 4L, "transactions", 3L));
    assertThatThrownBy(() -> LandingIngest.run(spark, lake(), landing(), INGEST))
        .hasMessageContaining("accounts: 3 records read, the manifest declares 4");
    assertThat(Tables.INGEST_RUNS.exists(spark, lake())).isFalse();
  }

  @Test
  void aManifestThatIsNotOneIsRefusedNamingTheFile() throws IOException {
    batch("b1", 1, false);
    Files.writeString(
        dir.resolve("landing/b1").resolve(Landing.MANIFEST),
        "{\"tables\": {\"payments\": {\"rows\": 1}}}");
    assertThatThrownBy(() -> Landing.discover(spark, landing()))
        .hasMessageContaining("b1/_manifest.json lists 'payments', which is not a raw table");
    Files.writeString(
        dir.resolve("landing/b1").resolve(Landing.MANIFEST),
        "{\"as_of\": \"yesterday\", \"tables\": {}}");
    assertThatThrownBy(() -> Landing.discover(spark, landing()))
        .hasMessageContaining("as_of 'yesterday' is not an ISO-8601 instant");
  }

  Landing.Batch find(String id) {
    return Landing.discover(spark, landing()).stream()
        .filter(b -> b.id().equals(id))
        .findFirst()
        .orElseThrow();
  }
}
