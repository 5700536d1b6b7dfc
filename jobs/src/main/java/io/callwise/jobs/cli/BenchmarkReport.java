package io.callwise.jobs.cli;

import io.callwise.jobs.runtime.PhaseMeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code callwise benchmark} prints and records: one line per phase (rows, wall time, rows/s,
 * peak heap and resident memory, shuffle and spill), and the goals of the nightly run at a million
 * accounts against what this run measured — each met, missed, or not measured by this run (and
 * why).
 */
final class BenchmarkReport {

  /** Accounts the nightly-run goal is set for. */
  static final long GOAL_ACCOUNTS = 1_000_000;

  static final double NIGHT_GOAL_SECONDS = 300;
  static final long NIGHT_GOAL_HEAP_BYTES = 8L << 30;
  static final double INGEST_GOAL_ROWS_PER_SECOND = 300_000;
  static final double BACKFILL_GOAL_RATIO = 2.0;

  /** Where a run ran. */
  record Machine(
      int cores,
      long maxHeapBytes,
      long memoryBytes,
      String cpu,
      String java,
      String spark,
      String master) {

    static Machine here(SparkSession session) {
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory(),
          procValue("/proc/meminfo", "MemTotal:").map(v -> parseKib(v) << 10).orElse(0L),
          procValue("/proc/cpuinfo", "model name").map(String::trim).orElse("unknown CPU"),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
          session.version(),
          session.sparkContext().master());
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%d cores (%s), %.0f GiB RAM, %s, Spark %s (%s), max heap %.1f GiB",
          cores,
          cpu,
          memoryBytes / (double) (1L << 30),
          java,
          spark,
          master,
          maxHeapBytes / (double) (1L << 30));
    }

    private static Optional<String> procValue(String file, String key) {
      try {
        for (String line : Files.readAllLines(Path.of(file))) {
          if (line.startsWith(key)) {
            return Optional.of(line.substring(line.indexOf(':') + 1).trim());
          }
        }
      } catch (IOException e) {
        return Optional.empty();
      }
      return Optional.empty();
    }

    private static long parseKib(String v) {
      return Long.parseLong(v.replaceAll("[^0-9]", ""));
    }
  }

  /** One goal: what it measures, this run's figure, the target, and the verdict. */
  record Goal(String measure, String measuredHere, String target, String verdict) {}

  private final long accounts;
  private final int months;
  private final Machine machine;
  private final LocalDate date;
  private final List<PhaseMeter.Phase> phases;

  BenchmarkReport(
      long accounts, int months, Machine machine, LocalDate date, List<PhaseMeter.Phase> phases) {
    this.accounts = accounts;
    this.months = months;
    this.machine = machine;
    this.date = date;
    this.phases = List.copyOf(phases);
  }

  static String header() {
    return String.format(
        Locale.ROOT,
        "%-16s %14s %9s %11s %9s %9s %10s %10s %10s",
        "phase",
        "rows",
        "wall s",
        "rows/s",
        "heap GiB",
        "RSS GiB",
        "shuf w MiB",
        "shuf r MiB",
        "spill MiB");
  }

  static String line(PhaseMeter.Phase p) {
    return String.format(
        Locale.ROOT, "%-16s %,14d %9.1f %,11.0f %9.2f %9.2f %10.1f %10.1f %10.1f", cells(p));
  }

  /** A phase's figures in the order of both tables' columns. */
  private static Object[] cells(PhaseMeter.Phase p) {
    return new Object[] {
      p.name(),
      p.rows(),
      p.seconds(),
      p.rowsPerSecond(),
      gib(p.peakHeapBytes()),
      gib(p.peakRssBytes()),
      mib(p.shuffleWriteBytes()),
      mib(p.shuffleReadBytes()),
      mib(p.spillDiskBytes())
    };
  }

  private Optional<PhaseMeter.Phase> phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The goals of issue "a million accounts nightly", against this run. */
  List<Goal> goalList() {
    List<Goal> out = new ArrayList<>();
    boolean atGoalSize = accounts == GOAL_ACCOUNTS;
    String size = String.format(Locale.ROOT, "%,d accounts × %d months", accounts, months);
    Optional<PhaseMeter.Phase> dayIngest = phase("ingest-1-day");
    Optional<PhaseMeter.Phase> nightly = phase("features-1");
    Optional<PhaseMeter.Phase> score = phase("score");
    Optional<PhaseMeter.Phase> publish = phase("publish");
    if (nightly.isPresent() && score.isPresent() && publish.isPresent()) {
      List<PhaseMeter.Phase> night = new ArrayList<>();
      dayIngest.ifPresent(night::add);
      night.addAll(List.of(nightly.get(), score.get(), publish.get()));
      double s = night.stream().mapToDouble(PhaseMeter.Phase::seconds).sum();
      long heap = night.stream().mapToLong(PhaseMeter.Phase::peakHeapBytes).max().orElse(0);
      boolean met = s <= NIGHT_GOAL_SECONDS && heap <= NIGHT_GOAL_HEAP_BYTES;
      out.add(
          new Goal(
              dayIngest.isPresent()
                  ? "the night: the day's export ingested + features (first run) + score + publish"
                  : "the night: features (first run) + score + publish; the day's ingest not"
                      + " included",
              String.format(Locale.ROOT, "%.0f s, peak heap %.1f GiB (%s)", s, gib(heap), size),
              "≤ 300 s, heap ≤ 8 GiB at 1M × 12",
              atGoalSize && months == 12 ? (met ? "met" : "missed") : "not at the goal's size"));
    } else {
      out.add(
          new Goal(
              "the night: features (first run) + score + publish",
              "not measured (needs the features, score and publish phases in one run)",
              "≤ 300 s, heap ≤ 8 GiB at 1M × 12",
              "not measured"));
    }
    Optional<PhaseMeter.Phase> ingest = phase("ingest");
    out.add(
        ingest
            .map(
                p ->
                    new Goal(
                        "full-history ingest",
                        String.format(Locale.ROOT, "%,.0f rows/s (%s)", p.rowsPerSecond(), size),
                        "≥ 300,000 rows/s",
                        p.rowsPerSecond() >= INGEST_GOAL_ROWS_PER_SECOND ? "met" : "missed"))
            .orElse(
                new Goal(
                    "full-history ingest",
                    "not measured (a kept or directly written book)",
                    "≥ 300,000 rows/s",
                    "not measured")));
    Optional<PhaseMeter.Phase> backfill = phase("features-12");
    Optional<PhaseMeter.Phase> warm = phase("features-1-warm");
    if (backfill.isPresent() && warm.isPresent()) {
      double ratio = backfill.get().seconds() / warm.get().seconds();
      out.add(
          new Goal(
              "12-month-end backfill ÷ one night (warm)",
              String.format(
                  Locale.ROOT,
                  "%.2f× (%.0f s ÷ %.0f s)",
                  ratio,
                  backfill.get().seconds(),
                  warm.get().seconds()),
              "≤ 2×",
              ratio <= BACKFILL_GOAL_RATIO ? "met" : "missed"));
    } else {
      out.add(
          new Goal(
              "12-month-end backfill ÷ one night (warm)",
              "not measured (--nightly-only or a phase-only run)",
              "≤ 2×",
              "not measured"));
    }
    out.add(
        new Goal(
            "one night with 36 ÷ 12 months of history",
            nightly
                .map(
                    p ->
                        String.format(
                            Locale.ROOT,
                            "this book's night: %.0f s first run%s",
                            p.seconds(),
                            warm.map(w -> String.format(Locale.ROOT, ", %.0f s warm", w.seconds()))
                                .orElse("")))
                .orElse("not measured"),
            "≤ 1.2× first run and warm",
            "needs a 12- and a 36-month book (--months 36), compared"));
    out.add(
        new Goal(
            "the nightly features in DuckDB, same definitions",
            "not measured",
            "Spark ≤ 2× DuckDB",
            "not measured: no DuckDB version of the features"));
    out.add(
        new Goal(
            "MLlib GBT against XGBoost, same training set",
            phases.stream().anyMatch(p -> p.name().startsWith("train-"))
                ? "the training phases above (families: callwise.models.families)"
                : "not measured in this run",
            "both reported",
            "docs/BENCHMARKS.md, \"MLlib GBT against XGBoost\""));
    out.add(
        new Goal(
            "bin/callwise demo after the build",
            "not measured here (the demo prints its own time)",
            "≤ 180 s",
            "not measured"));
    return out;
  }

  /** The goals table, as printed at the end of a run. */
  String goals() {
    StringBuilder b = new StringBuilder("goals:\n");
    for (Goal g : goalList()) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-9s %s: %s (goal %s)%n",
              g.verdict().startsWith("met")
                  ? "MET"
                  : g.verdict().startsWith("missed") ? "MISSED" : "-",
              g.measure(),
              g.measuredHere(),
              g.target()));
    }
    return b.toString();
  }

  /** The run as a Markdown section: machine, date, phases, goals. */
  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%n### `callwise benchmark`, %,d accounts × %d months, %s%n%n",
            accounts,
            months,
            date));
    b.append("Machine: ").append(machine.describe()).append(".\n\n");
    b.append(
        "| phase | rows | wall s | rows/s | peak heap GiB | peak RSS GiB | shuffle written MiB |"
            + " shuffle read MiB | spilled to disk MiB |\n");
    b.append("|---|---|---|---|---|---|---|---|---|\n");
    for (PhaseMeter.Phase p : phases) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %.1f | %,.0f | %.2f | %.2f | %.1f | %.1f | %.1f |%n",
              cells(p)));
    }
    b.append("\n| goal | this run | target | verdict |\n|---|---|---|---|\n");
    for (Goal g : goalList()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s |%n",
              g.measure(),
              g.measuredHere(),
              g.target(),
              g.verdict()));
    }
    return b.toString();
  }

  /** Appends {@link #markdown} to {@code file} (created if missing). */
  void appendTo(Path file) {
    try {
      Files.writeString(
          file,
          markdown(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot append the benchmark's figures to " + file + ". Fix: a writable file path", e);
    }
  }

  private static double gib(long bytes) {
    return bytes / (double) (1L << 30);
  }

  private static double mib(long bytes) {
    return bytes / (double) (1L << 20);
  }
}
