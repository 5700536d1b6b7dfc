package io.callwise.jobs.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What one measured phase of a benchmark cost this JVM: wall time, the peak of the heap and of the
 * process's resident memory, and what its Spark tasks shuffled and spilled. In local mode the
 * driver is also the executor, so this is the whole job's cost. One phase at a time: {@link #start}
 * resets the peaks and counters, {@link #stop} reads them.
 */
public final class PhaseMeter {

  /** One phase's figures. Byte counts are summed over the phase's finished tasks. */
  public record Phase(
      String name,
      long rows,
      double seconds,
      long peakHeapBytes,
      long peakRssBytes,
      long shuffleWriteBytes,
      long shuffleReadBytes,
      long spillMemoryBytes,
      long spillDiskBytes) {

    public double rowsPerSecond() {
      return seconds > 0 ? rows / seconds : 0;
    }
  }

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private final SparkContext context;
  private final AtomicLong shuffleWrite = new AtomicLong();
  private final AtomicLong shuffleRead = new AtomicLong();
  private final AtomicLong spillMemory = new AtomicLong();
  private final AtomicLong spillDisk = new AtomicLong();
  private long started;

  /** Counts the tasks of {@code context} from now on. */
  public PhaseMeter(SparkContext context) {
    this.context = context;
    context.addSparkListener(
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            TaskMetrics m = end.taskMetrics();
            if (m == null) {
              return;
            }
            shuffleWrite.addAndGet(m.shuffleWriteMetrics().bytesWritten());
            shuffleRead.addAndGet(m.shuffleReadMetrics().totalBytesRead());
            spillMemory.addAndGet(m.memoryBytesSpilled());
            spillDisk.addAndGet(m.diskBytesSpilled());
          }
        });
    started = System.nanoTime();
  }

  /**
   * Starts a phase: a full collection so the heap's peak starts from what is live, the peaks of the
   * heap pools and of the resident memory reset (Linux: {@code clear_refs} 5), counters at 0.
   */
  public void start() {
    drain();
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    try {
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // No resettable high-water mark here: the resident peak is then the process's so far.
    }
    shuffleWrite.set(0);
    shuffleRead.set(0);
    spillMemory.set(0);
    spillDisk.set(0);
    started = System.nanoTime();
  }

  /** Ends the phase started last, with the rows it processed. */
  public Phase stop(String name, long rows) {
    double seconds = (System.nanoTime() - started) / 1e9;
    drain();
    return new Phase(
        name,
        rows,
        seconds,
        peakHeap(),
        peakRssKib() << 10,
        shuffleWrite.get(),
        shuffleRead.get(),
        spillMemory.get(),
        spillDisk.get());
  }

  /** The task-end events of the phase delivered to the listener (they arrive asynchronously). */
  private void drain() {
    try {
      context.listenerBus().waitUntilEmpty(60_000);
    } catch (Exception e) {
      // A listener bus still busy after a minute: the counts may miss the last tasks.
    }
  }

  /**
   * An upper bound of the heap's peak: the sum of the heap pools' peaks (pools peak apart, so the
   * sum can pass what was ever in use at once), never more than the maximum heap, which the heap in
   * use cannot pass (a run under {@code -Xmx8g} that finishes stayed within 8 GiB).
   */
  static long peakHeap() {
    long pools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum();
    return Math.min(pools, Runtime.getRuntime().maxMemory());
  }

  /** VmHWM of /proc/self/status in KiB (since the last reset); 0 where there is no /proc. */
  public static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
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
