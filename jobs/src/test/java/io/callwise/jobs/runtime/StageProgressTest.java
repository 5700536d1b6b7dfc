package io.callwise.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.testing.SparkTestSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;

/** Progress lines of a running stage, from a real Spark job's task events. */
class StageProgressTest {

  /** Collects the messages logged to io.callwise.stage. */
  static final class Lines extends AbstractAppender {
    final List<String> lines = new CopyOnWriteArrayList<>();

    Lines() {
      super("stage-lines", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      lines.add(event.getMessage().getFormattedMessage());
    }
  }

  @Test
  void aRunningStageLogsTheTasksDoneOfItsSparkStages() throws Exception {
    SparkContext sc = SparkTestSession.get().sparkContext();
    StageProgress progress =
        new StageProgress(new SparkConf(false).set(StageProgress.INTERVAL, "0s"));
    Logger logger = (Logger) LogManager.getLogger("io.callwise.stage");
    Level level = logger.getLevel();
    Lines appender = new Lines();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO);
    sc.addSparkListener(progress);
    try {
      StageLog.start("progress-test", null);
      SparkTestSession.get().range(0, 1000, 1, 4).selectExpr("sum(id)").collect();
      sc.listenerBus().waitUntilEmpty();
      StageLog.end("progress-test", null, "RAN", 0.1, "done");
      SparkTestSession.get().range(0, 1000, 1, 4).selectExpr("sum(id)").collect();
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(progress);
      logger.removeAppender(appender);
      logger.setLevel(level);
    }
    List<String> progressLines =
        appender.lines.stream().filter(l -> l.contains("event=progress")).toList();
    assertThat(progressLines)
        .isNotEmpty()
        .allMatch(l -> l.startsWith("stage=progress-test event=progress seconds="))
        .anyMatch(l -> l.matches(".*detail=\"spark stage \\d+: 4 of 4 tasks done.*"));
    assertThat(appender.lines)
        .as("no progress once the stage ended")
        .last()
        .asString()
        .startsWith("stage=progress-test event=end status=RAN");
  }
}
