package io.callwise.integration;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.Callwise;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.nightly.NightlyJob;
import io.callwise.jobs.quality.QualityGateJob;
import io.callwise.jobs.scoring.PolicyConfig;
import io.callwise.jobs.scoring.PublishJob;
import io.callwise.jobs.scoring.ScoreJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.ScoringTables;
import io.callwise.policy.TreatmentPolicy;
import io.callwise.scoring.AuditRule;
import io.callwise.synth.BookSimulator;
import io.callwise.synth.SimulationParams;
import io.callwise.testing.SparkTestSession;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The night on a synthetic book, end to end, one property per test: generate (with export defects,
 * each quarantined for the reason it was injected for, and repeatable line for line), ingest, then
 * {@code callwise nightly} stopped by a missing champion and completed by running it again:
 * decisions that break no rule (checked against bronze), an audit against the night's own policy,
 * re-runs that change nothing, publish exactly once, and the outputs read by Delta Kernel, a reader
 * without Spark. The night is run once; the tests that change the lake run last, in order. (A night
 * killed at every step and repaired by running it again is ClusterNightIT's.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyPipelineIT {

  static final LocalDate NIGHT = LocalDate.parse("2025-06-30");

  /** A small floor, so that capacity binds, and every delinquent account a call candidate. */
  static final Map<String, String> OVERRIDES =
      Map.of(
          "callwise.policy.capacity.agents", "1",
          "callwise.policy.capacity.calls-per-agent", "5",
          "callwise.policy.treatment.self-cure-pd-max", "0",
          "callwise.policy.treatment.grace-pd-max", "0");

  Path dir;
  SparkSession spark;
  Lake lake;
  SimulationParams params;
  String landing;
  GenerateJob.Report generated;
  List<IngestSummary> summaries;
  int exitWithoutChampion;
  int exitWithChampions;
  long featureStepsLogged;
  PolicySettings policy;
  Dataset<Row> scores;
  long accounts;

  @BeforeAll
  void runTheNight() throws Exception {
    dir = Files.createTempDirectory("nightly-it");
    spark = SparkTestSession.get();
    lake = Lake.at(dir.resolve("lake").toString());
    params = new SimulationParams(23, 1000, LocalDate.parse("2025-01-01"), 6, 0.01);
    landing = lake.landing("b1");
    generated =
        GenerateJob.run(spark, new GenerateJob.Options(params, landing, lake.root() + "/truth", 2));
    summaries =
        IngestJob.run(
            spark,
            lake,
            IngestOptions.syntheticExport(CallwiseConfig.defaults(), landing, "b1", params));
    // No champion yet: the night stops at score, after the features were built and logged.
    exitWithoutChampion = cli(nightly());
    ItChampions.register(spark, lake, ItChampions.fittedOn(spark, lake, NIGHT));
    // Run again: features are skipped, score and publish run.
    exitWithChampions = cli(nightly());
    featureStepsLogged =
        Tables.NIGHTLY_STEPS.read(spark, lake).filter(col("step").equalTo("features")).count();
    policy = PolicyConfig.settings(CallwiseConfig.resolve(null, OVERRIDES, Map.of()));
    scores = scoresOfTheNight(spark, lake).localCheckpoint();
    accounts = scores.count();
  }

  @AfterAll
  void removeTheLake() throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  String[] nightly() {
    List<String> args = new ArrayList<>(List.of("nightly", "--date", NIGHT.toString()));
    OVERRIDES.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    return args.toArray(String[]::new);
  }

  int cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--root", lake.root()));
    return Callwise.execute(all.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void everyInjectedDefectIsQuarantinedForItsReason() {
    quarantineIsExactlyTheInjectedDefects(spark, lake, generated, summaries);
  }

  @Test
  @Order(1)
  void generationIsRepeatableLineForLine() {
    generationIsRepeatable(spark, dir, params, landing);
  }

  @Test
  @Order(1)
  void aNightWithoutChampionStopsAtScoreAndResumesWithoutRebuildingFeatures() {
    assertThat(exitWithoutChampion).isEqualTo(1);
    assertThat(exitWithChampions).isZero();
    assertThat(featureStepsLogged).isEqualTo(1);
  }

  @Test
  @Order(1)
  void callsFillTheFloorAndTheOverflowIsMessaged() {
    assertThat(accounts).isGreaterThan(900);
    Map<String, Long> byTreatment = new HashMap<>();
    scores
        .groupBy("treatment")
        .count()
        .collectAsList()
        .forEach(r -> byTreatment.put(r.getString(0), r.getLong(1)));
    assertThat(byTreatment.get("CALL")).isEqualTo(5L);
    assertThat(byTreatment).containsKeys("MESSAGE", "NONE", "SUPPRESS");
    assertThat(scores.filter(col("policy_reason").equalTo("capacity_overflow")).count())
        .isPositive();
  }

  /**
   * The night is the book's last day: reminders go out, each to a current account with an
   * instalment billed by the night and due within the reminder days after the contact date.
   */
  @Test
  @Order(1)
  void remindersAreDueSoonByTheBronzeSchedule() {
    Dataset<Row> reminders = scores.filter(col("policy_reason").equalTo("early_warning_reminder"));
    assertThat(reminders.count()).isPositive();
    Date contact = Date.valueOf(NIGHT.plusDays(1));
    Dataset<Row> dueSoon =
        Tables.bronze(RawTables.INSTALMENTS)
            .read(spark, lake)
            .filter(
                col("statement_date")
                    .leq(lit(Date.valueOf(NIGHT)))
                    .and(col("due_date").geq(lit(contact)))
                    .and(
                        col("due_date")
                            .lt(
                                lit(
                                    Date.valueOf(
                                        NIGHT.plusDays(1 + policy.treatment().reminderDays()))))))
            .select("account_id")
            .distinct();
    assertThat(
            reminders
                .filter(
                    col(TreatmentPolicy.DPD)
                        .notEqual(0)
                        .or(col("pd").lt(policy.treatment().reminderPdMin()))
                        .or(not(col("channel").isin("SMS", "PUSH", "EMAIL"))))
                .count())
        .isZero();
    assertThat(reminders.join(dueSoon, "account_id").count()).isEqualTo(reminders.count());
  }

  @Test
  @Order(1)
  void noDecisionBreaksARuleAsBronzeKnowsIt() {
    Map<AuditRule, Long> audit = ScoreJob.audit(spark, lake, NIGHT, policy, scores);
    assertThat(audit.keySet()).as("every rule is checked").containsExactly(AuditRule.values());
    assertThat(audit).allSatisfy((rule, n) -> assertThat(n).as(rule.code()).isZero());
  }

  @Test
  @Order(1)
  void callsToSuppressedAccountsAreFound() {
    Dataset<Row> broken =
        scores
            .withColumn(
                "treatment",
                when(
                        col("policy_reason")
                            .isin(
                                "do_not_contact",
                                "hardship_plan",
                                "legal_hold",
                                "complaint_open",
                                "complaint_cooling_off"),
                        lit("CALL"))
                    .otherwise(col("treatment")))
            .withColumn(
                "channel",
                when(col("treatment").equalTo("CALL"), lit("CALL")).otherwise(col("channel")))
            .withColumn(
                "call_pool",
                when(col("treatment").equalTo("CALL"), lit("ALL")).otherwise(col("call_pool")));
    Map<AuditRule, Long> caught = ScoreJob.audit(spark, lake, NIGHT, policy, broken);
    assertThat(caught.get(AuditRule.CONTACT_DESPITE_DO_NOT_CONTACT)).isPositive();
    assertThat(caught.get(AuditRule.CALLS_OVER_CAPACITY)).isPositive();
  }

  /**
   * The night's policy is recorded with its run. Today's configuration (the defaults: 20 x 60
   * calls, not 1 x 5) would see false violations; {@code callwise audit} checks the night against
   * the policy it was scored with, and finds none.
   */
  @Test
  @Order(1)
  void auditChecksTheNightAgainstThePolicyItWasScoredWith() {
    String runId = scores.select("run_id").first().getString(0);
    assertThat(ScoreJob.policyOfRun(spark, lake, runId)).contains(policy);
    assertThat(
            ScoreJob.audit(spark, lake, NIGHT, PolicyConfig.defaults(), scores).values().stream()
                .mapToLong(Long::longValue)
                .sum())
        .as("violations under today's configuration")
        .isPositive();
    assertThat(cli("audit", "--date", NIGHT.toString())).isZero();
  }

  @Test
  @Order(1)
  void theQueueHoldsTheActionableRowsAndCurrentPriorityOneRowPerAccount() {
    assertThat(Tables.CONTACT_QUEUE.read(spark, lake).count())
        .isEqualTo(scores.filter(col("treatment").isin("CALL", "MESSAGE", "ESCALATE")).count());
    Dataset<Row> current = Tables.CURRENT_PRIORITY.read(spark, lake);
    assertThat(current.count()).isEqualTo(accounts);
    assertThat(current.select("account_id").distinct().count()).isEqualTo(accounts);
  }

  /** Change Data Feed is on; the tables as read by Delta Kernel equal Spark's view of them. */
  @Test
  @Order(1)
  void aReaderWithoutSparkSeesTheSameQueue() throws Exception {
    assertThat(
            spark
                .sql("SHOW TBLPROPERTIES delta.`" + Tables.CONTACT_QUEUE.path(lake) + "`")
                .filter(col("key").equalTo("delta.enableChangeDataFeed"))
                .first()
                .getString(1))
        .isEqualTo("true");
    List<String> sparkRows = new ArrayList<>();
    for (Row r :
        Tables.CONTACT_QUEUE
            .read(spark, lake)
            .select("account_id", "queue", "queue_position", "score_date", "pd")
            .collectAsList()) {
      sparkRows.add(
          r.getString(0)
              + "|"
              + r.getString(1)
              + "|"
              + r.getLong(2)
              + "|"
              + r.getDate(3).toLocalDate()
              + "|"
              + r.getDouble(4));
    }
    assertThat(kernelRows(Tables.CONTACT_QUEUE.path(lake)))
        .containsExactlyInAnyOrderElementsOf(sparkRows);
    assertThat(kernelRows(Tables.CURRENT_PRIORITY.path(lake))).hasSize((int) accounts);
  }

  @Test
  @Order(2)
  void runningTheNightAgainWritesNothing() {
    long scoresVersion = Tables.ACCOUNT_SCORES.version(spark, lake);
    long currentVersion = Tables.CURRENT_PRIORITY.version(spark, lake);
    assertThat(cli(nightly())).isZero();
    assertThat(Tables.ACCOUNT_SCORES.version(spark, lake)).isEqualTo(scoresVersion);
    assertThat(Tables.CURRENT_PRIORITY.version(spark, lake)).isEqualTo(currentVersion);
  }

  @Test
  @Order(4)
  void anOlderDatePublishedLateLeavesTheNewerCurrentPriority() {
    long currentVersion = Tables.CURRENT_PRIORITY.version(spark, lake);
    LocalDate older = NIGHT.minusDays(1);
    scores
        .withColumn(ScoringTables.SCORE_DATE, lit(Date.valueOf(older)))
        .write()
        .format("delta")
        .mode("append")
        .save(Tables.ACCOUNT_SCORES.path(lake));
    assertThat(PublishJob.run(spark, lake, older, Optional.empty()).outcome())
        .isEqualTo(PublishJob.Outcome.SUPERSEDED);
    assertThat(Tables.CURRENT_PRIORITY.version(spark, lake)).isEqualTo(currentVersion);
  }

  /**
   * The night passed its data-quality checks before it was published: every declared check ran,
   * none failed, and each model that decided it has its drift measured on every one of its features
   * and on its PD.
   */
  @Test
  @Order(1)
  void theNightPassedItsChecksAndItsDriftIsRecorded() {
    Dataset<Row> results =
        Tables.DQ_RESULTS
            .read(spark, lake)
            .filter(col("run_date").equalTo(lit(Date.valueOf(NIGHT))));
    assertThat(results.filter(col("severity").equalTo("ERROR")).count()).isZero();
    assertThat(
            results.select("check_name").distinct().collectAsList().stream()
                .map(r -> r.getString(0))
                .toList())
        .containsExactlyInAnyOrder(
            QualityGateJob.FRESHNESS,
            QualityGateJob.ROW_COUNT_CHANGE,
            QualityGateJob.UNSCORED_ACCOUNTS,
            QualityGateJob.ORPHAN_ROWS,
            QualityGateJob.OUT_OF_RANGE,
            QualityGateJob.TREATMENT_SHARE_CHANGE,
            QualityGateJob.NULL_SHARE_CHANGE,
            QualityGateJob.FEATURE_PSI,
            QualityGateJob.SCORE_PSI);
    Dataset<Row> drift =
        Tables.DRIFT.read(spark, lake).filter(col("run_date").equalTo(lit(Date.valueOf(NIGHT))));
    ModelRegistry registry = new ModelRegistry(spark, lake);
    for (LabelSpec label : List.of(LabelCatalog.EARLY_WARNING, LabelCatalog.NO_SELF_CURE)) {
      ModelRegistry.Entry champion = registry.requireChampion(label.name());
      List<String> columns =
          drift
              .filter(col("model_id").equalTo(champion.modelId()))
              .select("column_name")
              .collectAsList()
              .stream()
              .map(r -> r.getString(0))
              .toList();
      List<String> expected = new ArrayList<>(champion.features());
      expected.add("pd");
      assertThat(columns).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  /**
   * Every command is in the run log with how it ended and the Delta version of each table it read
   * and wrote; a secret given on the command line reaches neither the arguments, the configuration
   * nor any other column.
   */
  @Test
  @Order(1)
  void theRunLogRecordsEachCommandWithTheVersionsItReadAndWrote() {
    String secret = "wJalrXUtnFEMIxK7MDENGbPxRfiCYSECRET";
    assertThat(
            cli("check", "--date", NIGHT.toString(), "--conf", "callwise.s3a.secret-key=" + secret))
        .isZero();
    Dataset<Row> runs = Tables.RUNS.read(spark, lake);
    List<Row> nightly =
        runs.filter(col("command").equalTo("nightly")).orderBy("started_at").collectAsList();
    assertThat(nightly).hasSizeGreaterThanOrEqualTo(2);
    Row stopped = nightly.get(0);
    assertThat(stopped.getString(stopped.fieldIndex("status"))).isEqualTo("FAILED");
    assertThat(stopped.getString(stopped.fieldIndex("error"))).contains("has no champion");
    Row completed = nightly.get(1);
    assertThat(completed.getString(completed.fieldIndex("status"))).isEqualTo("SUCCEEDED");
    Map<String, Long> inputs = completed.getJavaMap(completed.fieldIndex("inputs"));
    Map<String, Long> outputs = completed.getJavaMap(completed.fieldIndex("outputs"));
    assertThat(inputs)
        .containsEntry(
            Tables.ACCOUNT_FEATURES.location(), Tables.ACCOUNT_FEATURES.version(spark, lake));
    assertThat(inputs).containsKeys("bronze/accounts", "bronze/contacts", "models/registry");
    assertThat(outputs)
        .containsKeys(
            Tables.ACCOUNT_SCORES.location(),
            Tables.CONTACT_QUEUE.location(),
            Tables.CURRENT_PRIORITY.location(),
            Tables.DQ_RESULTS.location());
    long publishVersion =
        Tables.CURRENT_PRIORITY
            .delta(spark, lake)
            .history()
            .filter(col("userMetadata").startsWith("callwise publish " + NIGHT))
            .select("version")
            .first()
            .getLong(0);
    assertThat(outputs.get(Tables.CURRENT_PRIORITY.location())).isEqualTo(publishVersion);
    assertThat(completed.getString(completed.fieldIndex("code_version"))).startsWith("0.");
    Row check =
        runs.filter(col("command").equalTo("check")).orderBy(col("started_at").desc()).first();
    assertThat(check.getString(check.fieldIndex("config")))
        .contains("callwise.s3a.secret-key = \"****\"");
    assertThat(runs.toJSON().collectAsList()).noneMatch(line -> line.contains(secret));
  }

  /**
   * A broken value found by the checks: one account's expected loss below zero. check exits 1
   * naming it; the night stops before publish (its score step stays done); publish refuses the
   * night unless a reason is given; current_priority is not touched.
   */
  @Test
  @Order(5)
  void aNightFailingADataQualityCheckPublishesNothing() {
    long currentVersion = Tables.CURRENT_PRIORITY.version(spark, lake);
    String account = scores.select("account_id").orderBy("account_id").first().getString(0);
    // In the scores, so that the night's score step stays done: only its checks run again.
    Tables.ACCOUNT_SCORES
        .delta(spark, lake)
        .update(
            col(ScoringTables.SCORE_DATE)
                .equalTo(lit(Date.valueOf(NIGHT)))
                .and(col("account_id").equalTo(account)),
            Map.of(TreatmentPolicy.EXPECTED_LOSS, lit(-3.0)));
    assertThat(cli("check", "--date", NIGHT.toString())).isEqualTo(1);
    assertThat(
            Tables.DQ_RESULTS
                .read(spark, lake)
                .filter(
                    col("run_date")
                        .equalTo(lit(Date.valueOf(NIGHT)))
                        .and(col("severity").equalTo("ERROR")))
                .select("check_name", "target", "observed")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getDouble(2))
                .toList())
        .containsExactly("out_of_range_values account_scores.expected_loss 1.0");
    List<Row> checksLogged = checksStepLog();
    assertThat(cli(nightly())).isEqualTo(1);
    // the failed checks are not logged as done: the next run checks again
    assertThat(checksStepLog()).isEqualTo(checksLogged);
    assertThat(cli("publish", "--date", NIGHT.toString())).isEqualTo(1);
    assertThat(Tables.CURRENT_PRIORITY.version(spark, lake)).isEqualTo(currentVersion);
    assertThat(
            cli("publish", "--date", NIGHT.toString(), "--accept-failed-checks", "value reviewed"))
        .isZero();
  }

  List<Row> checksStepLog() {
    return Tables.NIGHTLY_STEPS
        .read(spark, lake)
        .filter(col("step").equalTo(NightlyJob.CHECKS))
        .select("fingerprint", "finished_at")
        .collectAsList();
  }

  /** Every defect the generator injected is quarantined for its reason, and nothing else. */
  static void quarantineIsExactlyTheInjectedDefects(
      SparkSession spark, Lake lake, GenerateJob.Report report, List<IngestSummary> summaries) {
    Map<String, Long> injected = new HashMap<>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(lake.truth(BookSimulator.TRUTH_DEFECTS))
            .groupBy("source_table", "defect")
            .count()
            .collectAsList()) {
      injected.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
    }
    Map<String, Long> quarantined = new HashMap<>();
    for (IngestSummary s : summaries) {
      s.reasons().forEach((reason, n) -> quarantined.put(s.table() + "/" + reason, n));
      assertThat(s.read())
          .as(s.table() + " read = generated")
          .isEqualTo(report.rows().get(s.table()));
      assertThat(s.balanced()).isTrue();
    }
    assertThat(injected).isNotEmpty();
    assertThat(quarantined).isEqualTo(injected);
  }

  /** Same parameters, another run, other partitioning: the same export, line for line. */
  static void generationIsRepeatable(
      SparkSession spark, Path dir, SimulationParams params, String landing) {
    String again = dir.resolve("again").toString();
    GenerateJob.run(
        spark, new GenerateJob.Options(params, again, dir.resolve("truth2").toString(), 5));
    for (String table : List.of("transactions", "contacts", "accounts")) {
      Dataset<Row> first = dataLines(spark, landing + "/" + table);
      Dataset<Row> second = dataLines(spark, again + "/" + table);
      assertThat(first.count()).isPositive();
      assertThat(first.exceptAll(second).count()).as(table).isZero();
      assertThat(second.exceptAll(first).count()).as(table).isZero();
    }
  }

  /** The lines of a CSV export, header lines left out. */
  private static Dataset<Row> dataLines(SparkSession spark, String folder) {
    return spark
        .read()
        .text(folder)
        .filter(
            not(col("value").startsWith("account_id,"))
                .and(not(col("value").startsWith("txn_id,")))
                .and(not(col("value").startsWith("contact_id,"))));
  }

  static Dataset<Row> scoresOfTheNight(SparkSession spark, Lake lake) {
    return Tables.ACCOUNT_SCORES
        .read(spark, lake)
        .filter(col(ScoringTables.SCORE_DATE).equalTo(lit(Date.valueOf(NIGHT))));
  }

  /**
   * account_id|queue|queue_position|score_date|pd of every row, read with Delta Kernel's public API
   * only: the scan's files, each read with the physical schema (the table's columns but its
   * partition columns, which the scan adds back).
   */
  static List<String> kernelRows(String uri) throws Exception {
    Engine engine = DefaultEngine.create(new Configuration());
    Snapshot snapshot =
        Table.forPath(engine, uri.replaceFirst("^file:", "")).getLatestSnapshot(engine);
    StructType schema = snapshot.getSchema();
    StructType physical = new StructType();
    for (StructField f : schema.fields()) {
      if (!snapshot.getPartitionColumnNames().contains(f.getName())) {
        physical = physical.add(f);
      }
    }
    Scan scan = snapshot.getScanBuilder().build();
    io.delta.kernel.data.Row state = scan.getScanState(engine);
    List<String> out = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            io.delta.kernel.data.Row file = fileRows.next();
            CloseableIterator<ColumnarBatch> batches =
                engine
                    .getParquetHandler()
                    .readParquetFiles(single(fileStatus(file)), physical, Optional.empty())
                    .map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> data =
                Scan.transformPhysicalData(engine, state, file, batches)) {
              while (data.hasNext()) {
                try (CloseableIterator<io.delta.kernel.data.Row> rows = data.next().getRows()) {
                  while (rows.hasNext()) {
                    io.delta.kernel.data.Row r = rows.next();
                    out.add(
                        r.getString(schema.indexOf("account_id"))
                            + "|"
                            + r.getString(schema.indexOf("queue"))
                            + "|"
                            + r.getLong(schema.indexOf("queue_position"))
                            + "|"
                            + LocalDate.ofEpochDay(r.getInt(schema.indexOf("score_date")))
                            + "|"
                            + r.getDouble(schema.indexOf("pd")));
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The data file of a scan-file row: its {@code add} action's path (relative to the table, URI
   * encoded) resolved against {@code tableRoot}, with its size and modification time.
   */
  static FileStatus fileStatus(io.delta.kernel.data.Row scanFile) throws Exception {
    io.delta.kernel.data.Row add = scanFile.getStruct(scanFile.getSchema().indexOf("add"));
    String root = scanFile.getString(scanFile.getSchema().indexOf("tableRoot"));
    String path =
        new org.apache.hadoop.fs.Path(
                new org.apache.hadoop.fs.Path(root),
                new org.apache.hadoop.fs.Path(
                    new URI(add.getString(add.getSchema().indexOf("path")))))
            .toString();
    return FileStatus.of(
        path,
        add.getLong(add.getSchema().indexOf("size")),
        add.getLong(add.getSchema().indexOf("modificationTime")));
  }

  static CloseableIterator<FileStatus> single(FileStatus s) {
    return new CloseableIterator<>() {
      boolean taken;

      @Override
      public boolean hasNext() {
        return !taken;
      }

      @Override
      public FileStatus next() {
        if (taken) {
          throw new NoSuchElementException();
        }
        taken = true;
        return s;
      }

      @Override
      public void close() {}
    };
  }
}
