package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.quality.QualityGateJob;
import io.callwise.jobs.quality.QualitySettings;
import io.callwise.jobs.storage.Lake;
import io.callwise.quality.Severity;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise check}: the data-quality checks and drift of a scored date. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    header =
        "Run the data-quality checks of a scored --date (bronze freshness, row counts, coverage, value ranges, treatment shares, drift against the champions' training rows) into {root}/ops/dq_results and {root}/ops/drift.",
    description =
        "Exit 0 when no check is past its error threshold (warnings are listed), 1 otherwise. Thresholds: callwise.quality. callwise nightly runs the same checks between score and publish.")
public final class CheckCommand extends JobCommand {

  @Option(names = "--date", required = true, description = "Score date to check.")
  LocalDate date;

  QualitySettings quality;

  @Override
  protected void validate(Config config) {
    quality = QualitySettings.of(config);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    QualityGateJob.Report r = QualityGateJob.run(spark, lake, date, quality);
    System.out.print(r.render());
    return r.worst() == Severity.ERROR ? 1 : 0;
  }
}
