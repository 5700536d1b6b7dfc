package io.callwise.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {

  @Test
  void outcomesComeInTheItemsOrderWithEveryFailureKept() {
    List<Concurrently.Outcome<Integer, String>> out =
        Concurrently.map(
            "t",
            List.of(5, 1, 4, 2, 3),
            3,
            i -> {
              if (i % 2 == 0) {
                throw new IllegalArgumentException("even " + i);
              }
              sleep(i * 10L);
              return "v" + i;
            });

    assertThat(out).extracting(Concurrently.Outcome::item).containsExactly(5, 1, 4, 2, 3);
    assertThat(out)
        .extracting(Concurrently.Outcome::value)
        .containsExactly("v5", "v1", null, null, "v3");
    assertThat(out.get(2).failure()).hasMessage("even 4");
    assertThat(out.get(3).failure()).hasMessage("even 2");
    assertThatThrownBy(() -> Concurrently.values(out)).hasMessage("even 4");
  }

  @Test
  void itemsRunAtTheSameTimeOnTheirOwnThreads() throws Exception {
    CountDownLatch together = new CountDownLatch(3);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Concurrently.Outcome<Integer, Boolean>> out =
        Concurrently.map(
            "together",
            List.of(1, 2, 3),
            3,
            i -> {
              threads.add(Thread.currentThread().getName());
              together.countDown();
              try {
                // Only true when all three are running at once.
                return together.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(Concurrently.values(out)).containsExactly(true, true, true);
    assertThat(threads).hasSize(3).allMatch(n -> n.startsWith("callwise-together-"));
  }

  @Test
  void oneThreadRunsTheItemsInOrderOnTheCallersThread() {
    String caller = Thread.currentThread().getName();
    List<Concurrently.Outcome<Integer, String>> out =
        Concurrently.map("one", List.of(1, 2), 1, i -> Thread.currentThread().getName());
    assertThat(Concurrently.values(out)).containsExactly(caller, caller);
  }

  @Test
  void anErrorIsNotTurnedIntoAnOutcome() {
    assertThatThrownBy(
            () ->
                Concurrently.map(
                    "error",
                    List.of(1, 2),
                    2,
                    i -> {
                      throw new OutOfMemoryError("planted");
                    }))
        .isInstanceOf(OutOfMemoryError.class)
        .hasMessage("planted");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
