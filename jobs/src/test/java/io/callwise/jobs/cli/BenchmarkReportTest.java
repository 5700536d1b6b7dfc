package io.callwise.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.jobs.runtime.PhaseMeter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals table of {@code callwise benchmark}, from the phases a run measured. */
class BenchmarkReportTest {

  static final BenchmarkReport.Machine MACHINE =
      new BenchmarkReport.Machine(2, 14L << 30, 24L << 30, "test CPU", "JVM 17", "4.1.0", "local");

  static PhaseMeter.Phase phase(String name, long rows, double seconds, long heapGib) {
    return new PhaseMeter.Phase(
        name, rows, seconds, heapGib << 30, 5L << 30, 1 << 20, 2 << 20, 0, 0);
  }

  static Map<String, BenchmarkReport.Goal> goals(long accounts, List<PhaseMeter.Phase> phases) {
    return new BenchmarkReport(accounts, 12, MACHINE, LocalDate.parse("2026-12-02"), phases)
        .goalList().stream()
            .collect(Collectors.toMap(g -> g.measure().split(":")[0], Function.identity()));
  }

  /** A night's features (first run), score of 80 s and publish of 15 s. */
  static List<PhaseMeter.Phase> night(double featuresSeconds, long featuresHeapGib) {
    return List.of(
        phase("features-1", 900_000, featuresSeconds, featuresHeapGib),
        phase("score", 900_000, 80, 5),
        phase("publish", 900_000, 15, 4));
  }

  @Test
  void theNightIsFeaturesScoreAndPublishAndTheRatiosComeFromTheirPhases() {
    List<PhaseMeter.Phase> phases =
        List.of(
            phase("ingest", 1_000_000, 2.0, 3),
            phase("features-1", 900_000, 200, 6),
            phase("features-12", 10_000_000, 410, 7),
            phase("features-1-warm", 900_000, 200, 6),
            phase("score", 900_000, 80, 5),
            phase("publish", 900_000, 15, 4));
    Map<String, BenchmarkReport.Goal> g = goals(1_000_000, phases);

    assertThat(g.get("the night").measuredHere()).startsWith("295 s, peak heap 6.0 GiB");
    assertThat(g.get("the night").verdict()).isEqualTo("met");
    assertThat(g.get("full-history ingest").measuredHere()).startsWith("500,000 rows/s");
    assertThat(g.get("full-history ingest").verdict()).isEqualTo("met");
    assertThat(g.get("12-month-end backfill ÷ one night (warm)").measuredHere())
        .startsWith("2.05×");
    assertThat(g.get("12-month-end backfill ÷ one night (warm)").verdict()).isEqualTo("missed");
    assertThat(g.get("the nightly features in DuckDB, same definitions").verdict())
        .startsWith("not measured");

    // Over the heap limit misses the night, and a smaller book is not judged at all.
    List<PhaseMeter.Phase> heavy = night(100, 9);
    assertThat(goals(1_000_000, heavy).get("the night").verdict()).isEqualTo("missed");
    assertThat(goals(100_000, phases).get("the night").verdict())
        .isEqualTo("not at the goal's size");
    assertThat(goals(100_000, List.of()).get("the night").verdict()).isEqualTo("not measured");
  }

  @Test
  void theDaysIngestIsPartOfTheNightWhenTheRunMeasuredIt() {
    List<PhaseMeter.Phase> night = night(200, 6);
    BenchmarkReport.Goal without = goals(1_000_000, night).get("the night");
    assertThat(without.measure()).contains("the day's ingest not included");
    assertThat(without.verdict()).isEqualTo("met");

    List<PhaseMeter.Phase> withIngest = new java.util.ArrayList<>(night);
    withIngest.add(0, phase("ingest-1-day", 400_000, 30, 7));
    BenchmarkReport.Goal with = goals(1_000_000, withIngest).get("the night");
    assertThat(with.measure()).contains("the day's export ingested");
    assertThat(with.measuredHere()).startsWith("325 s, peak heap 7.0 GiB");
    assertThat(with.verdict()).isEqualTo("missed");
  }

  @Test
  void aRecordAppendsTheMachineThePhasesAndTheGoals(@TempDir Path dir) throws Exception {
    Path doc = dir.resolve("BENCHMARKS.md");
    Files.writeString(doc, "# Benchmarks\n");
    BenchmarkReport report =
        new BenchmarkReport(
            100_000,
            12,
            MACHINE,
            LocalDate.parse("2026-12-02"),
            List.of(phase("features-1", 91_503, 92.4, 5), phase("score", 91_447, 60.2, 4)));
    report.appendTo(doc);
    report.appendTo(doc);

    String text = Files.readString(doc);
    assertThat(text).startsWith("# Benchmarks\n");
    assertThat(text.split("### `callwise benchmark`, 100,000 accounts × 12 months, 2026-12-02", -1))
        .hasSize(3);
    assertThat(text).contains("2 cores (test CPU), 24 GiB RAM, JVM 17, Spark 4.1.0 (local)");
    assertThat(text)
        .contains("| features-1 | 91,503 | 92.4 | 990 | 5.00 | 5.00 | 1.0 | 2.0 | 0.0 |");
    assertThat(text).contains("| score | 91,447 | 60.2 |");
    assertThat(BenchmarkReport.line(phase("x", 10, 2, 1)))
        .matches("x +10 +2\\.0 +5 +1\\.00 +5\\.00 +1\\.0 +2\\.0 +0\\.0");
  }
}
