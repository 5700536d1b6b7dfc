package io.callwise.jobs.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs independent pieces of driver work (one table's validation, one table's write) on a few
 * threads of the driver, so that one piece's planning and Delta commits overlap another's Spark
 * tasks. Spark schedules jobs from several threads of one session; Delta commits to different
 * tables do not conflict.
 */
public final class Concurrently {

  private Concurrently() {}

  /** What one item gave: its value, or the exception it threw. */
  public record Outcome<T, R>(T item, R value, RuntimeException failure) {
    public boolean failed() {
      return failure != null;
    }
  }

  /**
   * Applies {@code work} to every item, at most {@code threads} at a time, and waits for all of
   * them; the outcomes are in the items' order. A failing item does not stop the others (each
   * caller reports every failure, as a sequential loop that collects errors would).
   */
  public static <T, R> List<Outcome<T, R>> map(
      String name, List<T> items, int threads, Function<T, R> work) {
    List<Outcome<T, R>> out = new ArrayList<>();
    if (items.size() <= 1 || threads <= 1) {
      items.forEach(i -> out.add(attempt(i, work)));
      return out;
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, items.size()),
            r -> {
              Thread t = new Thread(r, "callwise-" + name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Outcome<T, R>>> futures = new ArrayList<>();
      items.forEach(i -> futures.add(pool.submit(() -> attempt(i, work))));
      for (Future<Outcome<T, R>> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    } catch (ExecutionException e) {
      // attempt() catches every RuntimeException; what is left is an Error: rethrow it as is.
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The values in order, or the first failure (in the items' order) thrown. */
  public static <T, R> List<R> values(List<Outcome<T, R>> outcomes) {
    List<R> out = new ArrayList<>();
    for (Outcome<T, R> o : outcomes) {
      if (o.failed()) {
        throw o.failure();
      }
      out.add(o.value());
    }
    return out;
  }

  private static <T, R> Outcome<T, R> attempt(T item, Function<T, R> work) {
    try {
      return new Outcome<>(item, work.apply(item), null);
    } catch (RuntimeException e) {
      return new Outcome<>(item, null, e);
    }
  }
}
