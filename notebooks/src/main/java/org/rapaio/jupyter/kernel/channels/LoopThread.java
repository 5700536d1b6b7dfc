package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Replaces the Java kernel's channel loop (same name, ahead of the kernel jar on the kernel's own
 * class path; see bin/notebooks). The kernel's version marks itself running only after the thread
 * has started, so a loop that starts quickly sees "not running" and ends at once: about one kernel
 * start in three never answers ("Kernel didn't respond"). Here the flag is set before the thread
 * starts.
 *
 * <p>A pass of the loop that throws is logged and the loop goes on: the kernel binds its shell
 * channel before it registers the message handlers, so a request that arrives in between (the
 * client's first {@code kernel_info_request}) met a null handler map and ended the kernel's loop
 * thread, and the kernel never answered (seen when two kernels started at the same moment). The
 * client asks again until the kernel answers, by then with its handlers in place.
 */
public final class LoopThread extends Thread {

  private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getName());

  private volatile boolean running;
  private final long sleepMillis;
  private final Runnable body;

  public LoopThread(String name, long sleepMillis, Runnable body) {
    super(name);
    this.sleepMillis = sleepMillis;
    this.body = body;
  }

  @Override
  public void run() {
    while (running) {
      try {
        body.run();
      } catch (RuntimeException e) {
        LOGGER.log(
            Level.WARNING, getName() + ": a message could not be handled; the loop goes on", e);
      }
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        running = false;
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true;
    super.start();
  }

  public void shutdown() {
    running = false;
  }
}
