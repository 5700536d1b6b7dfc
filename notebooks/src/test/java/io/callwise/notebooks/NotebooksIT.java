package io.callwise.notebooks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.callwise.features.Snapshots;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.jobs.features.BuildFeaturesJob;
import io.callwise.jobs.features.BuildLabelsJob;
import io.callwise.jobs.features.BuildPortfolioViewsJob;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.models.ModelConfig;
import io.callwise.jobs.models.PromoteModelJob;
import io.callwise.jobs.models.TrainModelJob;
import io.callwise.jobs.runtime.SparkSessions;
import io.callwise.jobs.scoring.PolicyConfig;
import io.callwise.jobs.scoring.PublishJob;
import io.callwise.jobs.scoring.ScoreJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import io.callwise.models.DelinquencyModel;
import io.callwise.synth.SimulationParams;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every notebook executes headless (bin/notebooks run: Jupyter from Debian, the Java kernel with
 * its fixes, callwise's jars) against a small synthetic book built here — ingested, with features,
 * labels, portfolio views, two model versions per label and two scored and published nights — and
 * no cell fails. The executed copies and their HTML stay under target/notebooks-it for a person to
 * open.
 */
class NotebooksIT {

  private static final Path WORK = Path.of("target", "notebooks-it").toAbsolutePath();
  private static final Path LAKE = WORK.resolve("lake");
  private static final Path EXECUTED = WORK.resolve("executed");
  private static final Path NOTEBOOKS = Path.of(System.getProperty("callwise.notebooks.dir"));

  /** Short-lived kernels on a small book: the JVM flags the build gives short-lived JVMs. */
  private static final String KERNEL_OPTS = System.getProperty("callwise.notebooks.kernelOpts", "");

  @BeforeAll
  static void book() throws IOException {
    deleteRecursively(WORK);
    // The notebooks need two versions per label, not good ones: the smallest search trains fast.
    Config config =
        ConfigFactory.parseString(
                "callwise.models { gbt { max-iter = [15], max-depth = [3] },"
                    + " logistic.reg-param = [0.001] }")
            .withFallback(CallwiseConfig.defaults());
    SparkSession spark = SparkSessions.open(config, "notebooks-it");
    Lake lake = Lake.at(LAKE.toString());
    SimulationParams params =
        new SimulationParams(11, 500, LocalDate.parse("2025-01-01"), 7, 0.002);
    String landing = lake.landing("synthetic-s11");
    GenerateJob.run(spark, new GenerateJob.Options(params, landing, lake.root() + "/truth", 2));
    IngestJob.run(
        spark, lake, IngestOptions.syntheticExport(config, landing, "synthetic-s11", params));
    LocalDate lastDay = params.end().minusDays(1);
    Snapshots monthEnds =
        Snapshots.between(
            params.start().withDayOfMonth(params.start().lengthOfMonth()), lastDay, "1M");
    long broadcast = config.getLong(ConfigKeys.FEATURES_BROADCAST_MAX_ACCOUNTS);
    BuildFeaturesJob.run(spark, lake, new BuildFeaturesJob.Options(monthEnds, broadcast));
    BuildLabelsJob.run(
        spark, lake, new BuildLabelsJob.Options(monthEnds, LabelCatalog.ALL, broadcast, false));
    BuildPortfolioViewsJob.run(spark, lake, broadcast);
    for (LabelSpec label : LabelCatalog.ALL) {
      TrainModelJob.Report trained =
          TrainModelJob.run(
              spark,
              lake,
              new TrainModelJob.Options(
                  label,
                  monthEnds.dates().get(0),
                  monthEnds.last(),
                  null,
                  // a version to compare with for the notebooks' default (no_self_cure's
                  // champion); early_warning only needs a champion for the night's scoring
                  label.equals(LabelCatalog.NO_SELF_CURE)
                      ? List.of(DelinquencyModel.Family.GBT, DelinquencyModel.Family.LOGISTIC)
                      : List.of(DelinquencyModel.Family.LOGISTIC),
                  ModelConfig.settings(config),
                  config.getInt(ConfigKeys.MODELS_IMPORTANCE_SAMPLE_ROWS)));
      String champion = trained.models().get(0).modelId();
      PromoteModelJob.promoteOrForce(
          spark,
          lake,
          champion,
          "notebook test book: too few events for the gate",
          ModelConfig.thresholds(config));
    }
    List<LocalDate> dates = monthEnds.dates();
    for (LocalDate night : dates.subList(dates.size() - 2, dates.size())) {
      ScoreJob.run(spark, lake, new ScoreJob.Options(night, PolicyConfig.settings(config)));
      PublishJob.run(spark, lake, night, Optional.empty());
    }
  }

  @AfterAll
  static void stop() {
    SparkSession.active().stop();
  }

  /** The views' figures against the same tables counted another way. */
  @Test
  void theViewsAgreeWithTheTables() {
    Notebook nb = Notebook.open(LAKE.toString());
    SparkSession spark = nb.spark();
    Lake lake = nb.lake();
    LocalDate night = nb.scoreDate(Notebook.LATEST);
    assertThat(nb.featureDate(Notebook.LATEST)).isEqualTo(night);

    Dataset<Row> features =
        Tables.ACCOUNT_FEATURES
            .read(spark, lake)
            .filter(col("as_of_date").equalTo(lit(Date.valueOf(night))));
    Map<String, Long> buckets = nb.book().accountsByBucket(night);
    assertThat(buckets.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(features.count());
    assertThat(buckets.get("1-30"))
        .isEqualTo(features.filter(col("dpd_current").between(1, 30)).count());

    BookView.RollRates rolls = nb.book().rollRates(null);
    long transitions = Tables.ROLL_RATES.read(spark, lake).agg(sum("accounts")).first().getLong(0);
    assertThat(Arrays.stream(rolls.accounts()).flatMapToLong(Arrays::stream).sum())
        .isEqualTo(transitions);
    for (int i = 0; i < rolls.states().size(); i++) {
      Double[] row = rolls.shares()[i];
      if (row[0] != null) {
        assertThat(Arrays.stream(row).mapToDouble(Double::doubleValue).sum())
            .isCloseTo(1.0, within(1e-9));
      }
    }

    List<BookView.Distribution> distribution =
        nb.book().distributions(night, List.of("overdue_amount"));
    BookView.Distribution current =
        distribution.stream().filter(d -> d.bucket().equals("current")).findFirst().orElseThrow();
    assertThat(current.accounts()).isEqualTo(buckets.get("current"));
    assertThat(current.p10()).isLessThanOrEqualTo(current.median());
    assertThat(current.median()).isLessThanOrEqualTo(current.p90());

    DecisionView decisions = nb.decisions(night);
    HtmlTable capacity = decisions.capacity();
    long calls =
        Tables.ACCOUNT_SCORES
            .read(spark, lake)
            .filter(
                col("score_date")
                    .equalTo(lit(Date.valueOf(night)))
                    .and(col("treatment").equalTo("CALL")))
            .count();
    long shownCalls = 0;
    for (List<Object> row : capacity.rows()) {
      shownCalls += (Long) row.get(2);
      assertThat((Long) row.get(2)).isLessThanOrEqualTo((Long) row.get(1));
    }
    assertThat(shownCalls).isEqualTo(calls);

    // the publication of the last night changed, by the change feed, what the two nights differ in
    HtmlTable changes = decisions.changesSincePreviousNight();
    long changed = changes.rows().stream().mapToLong(r -> (Long) r.get(3)).sum();
    assertThat(changed).isPositive();

    ModelView champion = nb.model("champion:no_self_cure");
    String account = champion.riskiestAccount(night);
    ModelView.Contributions c = champion.contributions(account, night);
    assertThat(c.byFeature()).hasSize(champion.entry().features().size());
    assertThat(champion.newestOtherVersion()).isPresent();
    assertThat(champion.compare(nb.model(champion.newestOtherVersion().get())).rows()).isNotEmpty();
  }

  /**
   * One headless run of the three notebooks and of a fourth whose cell fails, two kernels at a time
   * (each kernel is a JVM with a Spark session to start, so they share one run): every cell of the
   * three runs and draws, and the failing notebook fails the run and says why.
   */
  @Test
  void everyNotebookExecutesHeadlessAndAFailingCellFailsTheRunSayingWhy() throws Exception {
    List<Path> notebooks;
    try (Stream<Path> s = Files.list(NOTEBOOKS)) {
      notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertThat(notebooks).hasSize(3);
    List<String> command =
        new ArrayList<>(
            List.of(
                NOTEBOOKS.resolveSibling("bin").resolve("notebooks").toString(),
                "run",
                "--html",
                // two kernels at a time: each is mostly one thread (the cell compiler, the driver)
                "--jobs",
                "2",
                "--out",
                EXECUTED.toString()));
    notebooks.forEach(n -> command.add(n.toString()));
    command.add(failingNotebook().toString());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(WORK.resolve("run.log").toFile());
    pb.environment().put("CALLWISE_ROOT", LAKE.toString());
    pb.environment().put("CALLWISE_NOTEBOOK_HEAP", "3g");
    pb.environment().put("CALLWISE_NOTEBOOK_JAVA_OPTS", KERNEL_OPTS);
    int exit = pb.start().waitFor();
    String log = Files.readString(WORK.resolve("run.log"), StandardCharsets.UTF_8);
    assertThat(exit).as("bin/notebooks run, with a failing notebook:\n%s", log).isNotZero();
    assertThat(log).contains("4-failing FAILED").contains("no scoring run for 1999-01-31");

    ObjectMapper json = new ObjectMapper();
    for (Path source : notebooks) {
      String name = source.getFileName().toString();
      assertThat(log).contains(name.replace(".ipynb", "") + " executed in");
      Path executed = EXECUTED.resolve(name);
      assertThat(executed).as("executed copy of %s", name).exists();
      Path html = EXECUTED.resolve(name.replace(".ipynb", ".html"));
      assertThat(Files.readString(html, StandardCharsets.UTF_8))
          .as("%s: charts inline in the HTML copy", html)
          .contains("data:image/png;base64,");
      JsonNode nb = json.readTree(executed.toFile());
      int images = 0;
      int code = 0;
      for (JsonNode cell : nb.get("cells")) {
        if (!cell.get("cell_type").asText().equals("code")) {
          continue;
        }
        code++;
        assertThat(cell.get("execution_count").isNull())
            .as("%s: a code cell did not run", name)
            .isFalse();
        for (JsonNode out : cell.get("outputs")) {
          assertThat(out.get("output_type").asText())
              .as("%s: cell %s failed: %s", name, cell.get("source"), out)
              .isNotEqualTo("error");
          if (out.has("data") && out.get("data").has("image/png")) {
            images++;
          }
        }
      }
      assertThat(code).isPositive();
      assertThat(images).as("%s: charts drawn", name).isPositive();
    }
  }

  /** A notebook whose second cell asks for the decisions of a night nobody scored. */
  private static Path failingNotebook() throws IOException {
    Path failing = WORK.resolve("failing").resolve("4-failing.ipynb");
    Files.createDirectories(failing.getParent());
    String params =
        "String root = io.callwise.notebooks.Notebook.param(\\\"root\\\", \\\"../lake\\\");";
    String cell =
        "io.callwise.notebooks.Notebook.open(root).decisions(java.time.LocalDate.parse(\\\"1999-01-31\\\")).capacity();";
    Files.writeString(
        failing,
        "{\"cells\": ["
            + codeCell(params)
            + ","
            + codeCell(cell)
            + "], \"metadata\": {\"kernelspec\": {\"name\": \"callwise-java\","
            + " \"display_name\": \"Java (callwise)\", \"language\": \"java\"}},"
            + " \"nbformat\": 4, \"nbformat_minor\": 5}",
        StandardCharsets.UTF_8);
    return failing;
  }

  private static String codeCell(String source) {
    return "{\"cell_type\": \"code\", \"execution_count\": null, \"metadata\": {},"
        + " \"outputs\": [], \"source\": [\""
        + source
        + "\"]}";
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
