package io.callwise.jobs.runtime;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress of a long stage in {@link StageLog}'s format: at most once per {@code
 * spark.callwise.progress.interval} (default 30s), the Spark stage that finished a task last and
 * its tasks done out of all. Added by each command to the session it opens; it runs on Spark's
 * listener thread and only counts.
 */
public final class StageProgress extends SparkListener {

  public static final String INTERVAL = "spark.callwise.progress.interval";

  private final long intervalNanos;
  private final ConcurrentHashMap<Integer, int[]> tasks = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private volatile long last = System.nanoTime();

  public StageProgress(SparkConf conf) {
    this.intervalNanos = TimeUnit.SECONDS.toNanos(conf.getTimeAsSeconds(INTERVAL, "30s"));
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    tasks.put(submitted.stageInfo().stageId(), new int[] {0, submitted.stageInfo().numTasks()});
    running.incrementAndGet();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    tasks.remove(completed.stageInfo().stageId());
    running.decrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    int[] counts = tasks.get(end.stageId());
    if (counts == null) {
      return;
    }
    counts[0]++;
    long now = System.nanoTime();
    if (now - last >= intervalNanos) {
      last = now;
      StageLog.progress(
          String.format(
              Locale.ROOT,
              "spark stage %d: %d of %d tasks done, %d stage(s) running",
              end.stageId(),
              counts[0],
              counts[1],
              Math.max(1, running.get())));
    }
  }
}
