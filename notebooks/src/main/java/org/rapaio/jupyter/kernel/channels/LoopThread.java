package org.rapaio.jupyter.kernel.channels;

/**
 * Replaces the Java kernel's channel loop (same name, ahead of the kernel jar on the kernel's own
 * class path; see bin/notebooks). The kernel's version marks itself running only after the thread
 * has started, so a loop that starts quickly sees "not running" and ends at once: about one kernel
 * start in three never answers ("Kernel didn't respond"). Here the flag is set before the thread
 * starts.
 */
public final class LoopThread extends Thread {

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
      body.run();
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
