package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.storage.Lake;
import io.callwise.synth.SimulationParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code callwise benchmark}: measures generate and ingest throughput on a fresh synthetic book of
 * the given size and prints wall time, rows per second and peak memory of this JVM (in local mode
 * the driver is also the executor, so this is the whole job's memory).
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Measure generate + ingest on a synthetic book of --accounts x --months, in",
      "{root}/benchmark/{accounts}x{months} (wiped first). Prints wall time, rows/s, peak memory."
    })
public final class BenchmarkCommand extends JobCommand {

  @Option(names = "--accounts", description = "Accounts (default: 100000).")
  long accounts = 100_000;

  @Option(names = "--months", description = "Months of history (default: 12).")
  int months = 12;

  @Option(names = "--defect-rate", description = "Share of rows with a defect (default: 0.001).")
  double defectRate = 0.001;

  SimulationParams params;

  @Override
  protected void validate(Config config) {
    params = new SimulationParams(7, accounts, LocalDate.parse("2025-01-01"), months, defectRate);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    Lake bench = Lake.at(lake.root() + "/benchmark/" + accounts + "x" + months);
    wipe(spark, bench.root());
    String landing = bench.landing("bench");
    System.out.printf(
        Locale.ROOT,
        "benchmark %,d accounts x %d months on %d cores, max heap %d MiB, Spark master %s%n",
        accounts,
        months,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        spark.sparkContext().master());
    System.out.printf(
        Locale.ROOT,
        "%-9s %14s %10s %12s %15s%n",
        "phase",
        "rows",
        "wall s",
        "rows/s",
        "peak heap MiB");

    resetPeaks();
    long t0 = System.nanoTime();
    GenerateJob.Report generated =
        GenerateJob.run(
            spark,
            new GenerateJob.Options(
                params, landing, bench.root() + "/truth", GenerateJob.defaultPartitions(accounts)));
    long rows = generated.rows().values().stream().mapToLong(Long::longValue).sum();
    // Each phase is printed as soon as it ends, so a long run cut short still leaves its figures.
    printPhase("generate", rows, (System.nanoTime() - t0) / 1e9, peakHeap());

    resetPeaks();
    long t1 = System.nanoTime();
    List<IngestSummary> summaries =
        IngestJob.run(
            spark, bench, IngestOptions.syntheticExport(config, landing, "bench", params));
    long read = summaries.stream().mapToLong(IngestSummary::read).sum();
    printPhase("ingest", read, (System.nanoTime() - t1) / 1e9, peakHeap());
    System.out.printf(
        Locale.ROOT, "peak resident memory of the process: %d MiB%n", peakRssKib() >> 10);
    System.out.print(IngestJob.render(summaries));
    return 0;
  }

  private static void printPhase(String phase, long rows, double seconds, long heap) {
    System.out.printf(
        Locale.ROOT,
        "%-9s %,14d %10.1f %,12.0f %15d%n",
        phase,
        rows,
        seconds,
        rows / seconds,
        heap >> 20);
    System.out.flush();
  }

  private static void wipe(SparkSession spark, String root) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(root);
      FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
      fs.delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + root, e);
    }
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Sum of the heap pools' peaks: an upper bound of the heap's peak (pools peak apart). */
  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }

  /** VmHWM of /proc/self/status; 0 where there is no /proc. */
  private static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
