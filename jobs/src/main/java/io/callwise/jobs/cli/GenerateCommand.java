package io.callwise.jobs.cli;

import com.typesafe.config.Config;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.synth.SimulationParams;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise generate}: a synthetic wallet credit book, as a lender's CSV export. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    header =
        "Generate a synthetic wallet credit book: the raw tables as a lender's CSV export under {root}/landing/synthetic-s{seed} (or --output) and its ground truth under {root}/truth.",
    description = "Same seed and size give identical tables.")
public final class GenerateCommand extends JobCommand {

  @Option(names = "--accounts", description = "Number of accounts (callwise.generate.accounts).")
  Long accounts;

  @Option(names = "--months", description = "Months of history, 1-36 (callwise.generate.months).")
  Integer months;

  @Option(names = "--seed", description = "Random seed (callwise.generate.seed).")
  Long seed;

  @Option(
      names = "--start",
      paramLabel = "yyyy-MM-01",
      description = "First simulated day (callwise.generate.start-date).")
  String start;

  @Option(
      names = "--defect-rate",
      description = "Share of rows given a realistic data defect (callwise.generate.defect-rate).")
  Double defectRate;

  @Option(names = "--output", paramLabel = "URI", description = "Where the CSV export goes.")
  String output;

  SimulationParams params;

  @Override
  protected Map<String, Object> flags() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put(ConfigKeys.GENERATE_ACCOUNTS, accounts);
    f.put(ConfigKeys.GENERATE_MONTHS, months);
    f.put(ConfigKeys.GENERATE_SEED, seed);
    f.put(ConfigKeys.GENERATE_START_DATE, start);
    f.put(ConfigKeys.GENERATE_DEFECT_RATE, defectRate);
    return f;
  }

  @Override
  protected void validate(Config config) {
    params = params(config);
  }

  static SimulationParams params(Config config) {
    Config g = config.getConfig(ConfigKeys.GENERATE);
    LocalDate startDate;
    try {
      startDate = LocalDate.parse(g.getString("start-date"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--start / callwise.generate.start-date: '"
              + g.getString("start-date")
              + "' is not a date yyyy-MM-01");
    }
    return new SimulationParams(
        g.getLong("seed"),
        g.getLong("accounts"),
        startDate,
        g.getInt("months"),
        g.getDouble("defect-rate"));
  }

  static int partitions(Config config, long accounts) {
    int p = config.getInt(ConfigKeys.GENERATE_PARTITIONS);
    return p > 0 ? p : GenerateJob.defaultPartitions(accounts);
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    String out = output != null ? output : lake.landing("synthetic-s" + params.seed());
    GenerateJob.Report report =
        GenerateJob.run(
            spark,
            new GenerateJob.Options(
                params, out, lake.root() + "/truth", partitions(config, params.accounts())));
    System.out.printf(
        "Generated %,d accounts x %d months (seed %d, from %s) into %s%n%s",
        params.accounts(), params.months(), params.seed(), params.start(), out, report.render());
    System.out.printf("Ground truth (never read by the pipeline): %s/truth%n", lake.root());
    return 0;
  }
}
