package io.callwise.jobs.runtime;

import java.time.LocalDate;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line format of a stage's start and end, for operators and log search: {@code stage=NAME
 * date=D event=start|end status=RAN|SKIPPED|FAILED seconds=S detail="..."} (logger {@code
 * io.callwise.stage}, INFO; a failed stage at WARN).
 */
public final class StageLog {

  private StageLog() {}

  private static final Logger LOG = LoggerFactory.getLogger("io.callwise.stage");

  public static void start(String stage, LocalDate date) {
    LOG.info("stage={} date={} event=start", stage, date);
  }

  public static void end(
      String stage, LocalDate date, String status, double seconds, String detail) {
    String line =
        String.format(
            Locale.ROOT,
            "stage=%s date=%s event=end status=%s seconds=%.1f detail=\"%s\"",
            stage,
            date,
            status,
            seconds,
            detail == null ? "" : detail.replace("\"", "'"));
    if ("FAILED".equals(status)) {
      LOG.warn(line);
    } else {
      LOG.info(line);
    }
  }
}
