package io.callwise.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.ingest.Landing;
import io.callwise.jobs.nightly.NightlyJob;
import io.callwise.jobs.quality.QualitySettings;
import io.callwise.jobs.scoring.PolicyConfig;
import io.callwise.jobs.storage.Lake;
import io.callwise.policy.PolicySettings;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise nightly}: the whole night for one date, each step once. */
@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    header =
        "Ingest (--input, or the new complete batches of the landing root) -> features for --date -> score -> data-quality checks -> publish.",
    description =
        "Steps already done for the date with the same inputs are skipped ({root}/ops/nightly_steps); after a crash, run the same command again: it repeats only what did not finish and publishes once. A check past its error threshold (callwise.quality) stops the night before publish, exit 1.")
public final class NightlyCommand extends JobCommand {

  @Option(
      names = "--date",
      required = true,
      description = "The night's date (features as of its end).")
  LocalDate date;

  @Option(
      names = "--input",
      paramLabel = "URI",
      description = "New export to ingest first ({input}/{table}/).")
  String input;

  @Option(
      names = "--landing",
      paramLabel = "URI",
      description =
          "Without --input: the landing root whose new complete batches ({landing}/{batch}/ with a"
              + " _SUCCESS or _manifest.json marker) are ingested first, in name order, once each."
              + " Default: callwise.ingest.landing, else {root}/landing.")
  String landing;

  @Option(
      names = "--no-discovery",
      description = "Without --input: ingest nothing, score what bronze holds.")
  boolean noDiscovery;

  @Option(names = "--batch-id", description = "Batch id of --input (required with it).")
  String batchId;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      description = "When the export was taken (ISO-8601, UTC). Default: now.")
  String asOf;

  @Option(
      names = "--json",
      description =
          "Print the night's summary as one JSON object on stdout (date, status, steps, error, run"
              + " id) instead of the table, for schedulers; the exit code is the same.")
  boolean json;

  Optional<IngestOptions> ingest;
  Config ingestConfig;
  PolicySettings policy;
  QualitySettings quality;

  @Override
  protected void validate(Config config) {
    if ((input == null) != (batchId == null)) {
      throw new IllegalArgumentException("--input and --batch-id go together.");
    }
    if (input != null && (landing != null || noDiscovery)) {
      throw new IllegalArgumentException(
          "--input ingests one export: leave out --landing and --no-discovery.");
    }
    ingest =
        input == null
            ? Optional.empty()
            : Optional.of(IngestOptions.fromConfig(config, input, batchId, asOf, null));
    // checked now: a batch's own options differ only by its folder, id and as-of
    IngestOptions.fromConfig(config, "landing", "check", null, null);
    ingestConfig = config;
    policy = PolicyConfig.settings(config);
    quality = QualitySettings.of(config);
  }

  private String landingRoot(Config config, Lake lake) {
    if (landing != null) {
      return landing;
    }
    String configured = config.getString(ConfigKeys.INGEST_LANDING);
    return configured.isBlank() ? lake.root() + "/landing" : configured;
  }

  @Override
  protected int run(SparkSession spark, Config config, Lake lake) {
    NightlyJob.Report report =
        NightlyJob.run(
            spark,
            lake,
            new NightlyJob.Options(
                date,
                ingest,
                ingest.isPresent() || noDiscovery
                    ? Optional.empty()
                    : Optional.of(landingRoot(config, lake)),
                b ->
                    IngestOptions.fromConfig(
                            ingestConfig, b.uri(), b.id(), b.asOf().toString(), null)
                        .withDeclaredRows(Landing.declaredRows(b).orElse(Map.of())),
                policy,
                quality,
                config.getLong(ConfigKeys.FEATURES_BROADCAST_MAX_ACCOUNTS)));
    if (json) {
      Map<String, Object> summary = new LinkedHashMap<>(report.summary());
      summary.put("error", masked((String) summary.get("error")));
      summary.put("run_id", runId);
      try {
        System.out.println(new ObjectMapper().writeValueAsString(summary));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      System.out.print(masked(report.render()));
    }
    if (report.failed()) {
      throw report.failure();
    }
    return 0;
  }
}
