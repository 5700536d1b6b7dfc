package io.callwise.jobs.runtime;

import java.time.LocalDate;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line format of a stage's start, progress and end, for operators and log search: {@code
 * stage=NAME [date=D] event=start|progress|end status=RAN|SKIPPED|FAILED|SUCCEEDED seconds=S
 * detail="..."} (logger {@code io.callwise.stage}, INFO; a failed stage at WARN). A command is a
 * stage (no date); each step of {@code nightly} is one inside it. While a stage runs, {@link
 * StageProgress} adds a progress line now and then.
 */
public final class StageLog {

  private StageLog() {}

  private static final Logger LOG = LoggerFactory.getLogger("io.callwise.stage");

  /** The innermost stage running now ("" when none), for progress lines. */
  private static volatile String current = "";

  private static volatile long currentSince = System.nanoTime();

  private static String name(String stage, LocalDate date) {
    return "stage=" + stage + (date == null ? "" : " date=" + date);
  }

  public static void start(String stage, LocalDate date) {
    current = name(stage, date);
    currentSince = System.nanoTime();
    LOG.info("{} event=start", current);
  }

  public static void end(
      String stage, LocalDate date, String status, double seconds, String detail) {
    String line =
        String.format(
            Locale.ROOT,
            "%s event=end status=%s seconds=%.1f detail=\"%s\"",
            name(stage, date),
            status,
            seconds,
            detail == null ? "" : detail.replace("\"", "'").replace('\n', ' '));
    current = "";
    if ("FAILED".equals(status)) {
      LOG.warn(line);
    } else {
      LOG.info(line);
    }
  }

  /** A progress line of the stage running now, if any. */
  static void progress(String detail) {
    String stage = current;
    if (!stage.isEmpty()) {
      LOG.info(
          String.format(
              Locale.ROOT,
              "%s event=progress seconds=%.0f detail=\"%s\"",
              stage,
              (System.nanoTime() - currentSince) / 1e9,
              detail));
    }
  }
}
