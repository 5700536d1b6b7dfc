package io.callwise.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.jobs.Callwise;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.synth.SimulationParams;
import io.callwise.synth.SyntheticBook;
import io.callwise.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code callwise ingest} process killed (SIGKILL) at the moment a table's {@code
 * _delta_log} folder appears, before that table's first commit, and at later moments; the same
 * command run again must succeed and leave exactly the rows of one uninterrupted run.
 */
class KilledIngestIT {

  @TempDir Path dir;

  static final String BATCH = "b1";

  List<String> ingestCommand(Path root, Path input, String asOf) {
    return ItProcesses.callwise("1g", "local[2]", args(root, input, asOf));
  }

  static List<String> args(Path root, Path input, String asOf) {
    return List.of(
        "ingest",
        "--root",
        root.toString(),
        "--input",
        input.toString(),
        "--batch-id",
        BATCH,
        "--as-of",
        asOf);
  }

  /** Kills the process when {@code marker} exists; returns whether it was still running then. */
  static boolean killWhen(Process p, Path marker) throws InterruptedException {
    long deadline = System.nanoTime() + 240_000_000_000L;
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (Files.exists(marker)) {
        p.destroyForcibly();
        p.waitFor();
        return true;
      }
      Thread.sleep(1);
    }
    p.destroyForcibly();
    return false;
  }

  static boolean hasCommit(Path table) throws java.io.IOException {
    Path log = table.resolve("_delta_log");
    if (!Files.exists(log)) {
      return false;
    }
    try (var files = Files.list(log)) {
      return files.anyMatch(f -> f.getFileName().toString().matches("[0-9]{20}\\.json"));
    }
  }

  /** Every row of the batch's bronze tables and quarantine, ingested_at left out, sorted. */
  static Map<String, List<String>> content(SparkSession spark, Lake lake) {
    Map<String, List<String>> out = new TreeMap<>();
    List<String> tables = new ArrayList<>();
    io.callwise.contract.RawTables.ALL.forEach(t -> tables.add(Tables.bronze(t).path(lake)));
    tables.add(Tables.QUARANTINE.path(lake));
    for (String path : tables) {
      if (!Lake.isDeltaTable(spark, path)) {
        out.put(path.substring(lake.root().length()), List.of("<no table>"));
        continue;
      }
      List<String> rows =
          new ArrayList<>(
              spark.read().format("delta").load(path).drop("ingested_at").toJSON().collectAsList());
      rows.sort(null);
      out.put(path.substring(lake.root().length()), rows);
    }
    List<Row> runs =
        Tables.INGEST_RUNS
            .read(spark, lake)
            .select("table_name", "status", "rows_read", "rows_accepted", "rows_quarantined")
            .orderBy("table_name")
            .collectAsList();
    out.put("/bronze/ingest_runs", runs.stream().map(Row::toString).toList());
    return out;
  }

  @Test
  void aKilledIngestRunAgainGivesTheRowsOfOneCleanRun() throws Exception {
    SparkSession spark = SparkTestSession.get();
    SimulationParams params = new SimulationParams(5, 100, LocalDate.parse("2025-01-01"), 2, 0.01);
    Path input = dir.resolve("landing");
    GenerateJob.run(
        spark,
        new GenerateJob.Options(params, input.toString(), dir.resolve("truth").toString(), 1));
    String asOf = SyntheticBook.exportedAt(params).toString();

    Path clean = dir.resolve("clean");
    assertThat(Callwise.execute(args(clean, input, asOf).toArray(String[]::new))).isZero();
    Map<String, List<String>> expected = content(spark, Lake.at(clean.toString()));

    // The first table created is the quarantine (nothing committed yet); transactions' bronze is
    // created after accounts' rows are committed.
    int beforeFirstCommit = 0;
    List<String> markers =
        List.of("bronze/quarantine/_delta_log", "bronze/transactions/_delta_log");
    for (int i = 0; i < markers.size(); i++) {
      Path root = dir.resolve("killed-" + i);
      Path marker = root.resolve(markers.get(i));
      Process p =
          ItProcesses.start(
              ingestCommand(root, input, asOf),
              Map.of(),
              Path.of("target", "it-logs", "killed-ingest-" + i + ".log"));
      assertThat(killWhen(p, marker)).as("killed at " + markers.get(i)).isTrue();
      if (!hasCommit(marker.getParent())) {
        beforeFirstCommit++;
      }
      assertThat(Callwise.execute(args(root, input, asOf).toArray(String[]::new)))
          .as("re-run after a kill at " + markers.get(i))
          .isZero();
      assertThat(content(spark, Lake.at(root.toString())))
          .as("rows after a kill at " + markers.get(i) + " and a re-run")
          .isEqualTo(expected);
    }
    assertThat(beforeFirstCommit)
        .as("kills that landed before a table's first commit")
        .isPositive();
  }
}
