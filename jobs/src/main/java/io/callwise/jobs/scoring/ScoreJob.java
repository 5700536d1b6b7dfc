package io.callwise.jobs.scoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.callwise.contract.Fingerprints;
import io.callwise.features.Snapshots;
import io.callwise.jobs.JobFailedException;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.storage.DeltaOutputs;
import io.callwise.jobs.storage.Lake;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import io.callwise.models.DelinquencyModel;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.ScoringTables;
import io.callwise.policy.TreatmentPolicy;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code callwise score --date D}: every open account's features at D scored by its label's
 * champion model (early_warning for current accounts, no_self_cure for DPD 1-89; PD 1 for DPD 90+),
 * joined with its contact settings and history, through the treatment policy, into {@code
 * account_scores} and {@code contact_queue} (each date replaced in one commit).
 */
public final class ScoreJob {

  private ScoreJob() {}

  /** Reason codes per decision. */
  public static final int REASON_CODES = 3;

  public record Options(LocalDate date, PolicySettings policy) {}

  /** What a run decided: counts by tier and treatment/channel, the models used. */
  public record Report(
      LocalDate date,
      String runId,
      Map<String, String> models,
      long accounts,
      Map<String, Map<String, Long>> tierByQueue,
      double seconds) {

    public String render() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "score %s: %,d accounts, run %s, %.1f s%n",
              date,
              accounts,
              runId,
              seconds));
      models.forEach(
          (label, id) -> b.append("  model ").append(label).append(": ").append(id).append('\n'));
      b.append(tierTable(tierByQueue));
      return b.toString();
    }
  }

  /** A tier x treatment/channel table. */
  public static String tierTable(Map<String, Map<String, Long>> tierByQueue) {
    List<String> tiers = List.of("T1", "T2", "T3", "T4");
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "  %-22s", "treatment/channel"));
    tiers.forEach(t -> b.append(String.format(Locale.ROOT, "%9s", t)));
    b.append(String.format(Locale.ROOT, "%10s%n", "total"));
    Map<String, Long> totals = new TreeMap<>();
    tierByQueue.forEach(
        (queue, byTier) -> {
          b.append(String.format(Locale.ROOT, "  %-22s", queue));
          long sum = 0;
          for (String t : tiers) {
            long n = byTier.getOrDefault(t, 0L);
            sum += n;
            totals.merge(t, n, Long::sum);
            b.append(String.format(Locale.ROOT, "%,9d", n));
          }
          b.append(String.format(Locale.ROOT, "%,10d%n", sum));
        });
    b.append(String.format(Locale.ROOT, "  %-22s", "total"));
    long all = 0;
    for (String t : tiers) {
      long n = totals.getOrDefault(t, 0L);
      all += n;
      b.append(String.format(Locale.ROOT, "%,9d", n));
    }
    b.append(String.format(Locale.ROOT, "%,10d%n", all));
    return b.toString();
  }

  /** Features of D, or a clear failure. */
  static Dataset<Row> features(SparkSession spark, Lake lake, LocalDate d) {
    if (!Lake.isDeltaTable(spark, lake.features())) {
      throw new JobFailedException(
          "no feature table at " + lake.features() + ". Fix: callwise features --date " + d);
    }
    Dataset<Row> f =
        spark
            .read()
            .format("delta")
            .load(lake.features())
            .filter(col(Snapshots.AS_OF_DATE).equalTo(lit(Date.valueOf(d))));
    if (f.isEmpty()) {
      throw new JobFailedException(
          "account_features has no rows for "
              + d
              + " ("
              + lake.features()
              + "). Fix: build them first: callwise features --date "
              + d);
    }
    return f;
  }

  /**
   * The run id: a fingerprint of what decides the rows (date, champions, policy version and values,
   * feature catalog), so equal inputs give equal ids and a changed policy value gives a new one
   * even under the same version.
   */
  public static String runId(
      LocalDate d, Map<String, String> models, PolicySettings policy, String catalogVersion) {
    String text =
        d
            + "|"
            + new TreeMap<>(models)
            + "|"
            + policy.version()
            + "|"
            + policy.fingerprint()
            + "|"
            + catalogVersion;
    return d + "-" + Fingerprints.sha256Hex(text, 6);
  }

  /** The champion ids (label → model id) scoring would use, failing when one is missing. */
  static Map<String, String> champions(SparkSession spark, Lake lake) {
    ModelRegistry registry = new ModelRegistry(spark, lake);
    Map<String, String> ids = new LinkedHashMap<>();
    for (String label :
        List.of(LabelCatalog.EARLY_WARNING.name(), LabelCatalog.NO_SELF_CURE.name())) {
      ids.put(label, registry.requireChampion(label).modelId());
    }
    return ids;
  }

  public static Report run(SparkSession spark, Lake lake, Options options) {
    long t0 = System.nanoTime();
    LocalDate d = options.date();
    PolicySettings policy = options.policy();
    Dataset<Row> features = features(spark, lake, d);
    String where = "account_features at " + d;
    Map<String, String> models = champions(spark, lake);
    ModelRegistry registry = new ModelRegistry(spark, lake);
    DelinquencyModel early =
        registry.loadChampion(LabelCatalog.EARLY_WARNING.name(), features, where);
    DelinquencyModel cure =
        registry.loadChampion(LabelCatalog.NO_SELF_CURE.name(), features, where);
    String catalog = features.select(ScoringTables.FEATURE_CATALOG_VERSION).first().getString(0);
    String runId = runId(d, models, policy, catalog);

    // Each label's model scores the population it was trained on; beyond them is default.
    LabelSpec ew = LabelCatalog.EARLY_WARNING;
    LabelSpec nsc = LabelCatalog.NO_SELF_CURE;
    Dataset<Row> scored =
        scoredBy(early.explain(population(features, ew), REASON_CODES), ew.name(), models)
            .unionByName(
                scoredBy(cure.explain(population(features, nsc), REASON_CODES), nsc.name(), models))
            .unionByName(
                defaulted(features.filter(col(TreatmentPolicy.DPD).gt(nsc.populationMaxDpd()))));

    Dataset<Row> accounts = ScoringInputs.accounts(spark, lake, d);
    Dataset<Row> input =
        scored
            .join(accounts, new String[] {"account_id"}, "left")
            .join(
                ScoringInputs.contactHistory(
                    spark, lake, d, accounts, longestConversationCoolOff(policy)),
                new String[] {"account_id"},
                "left")
            .join(ScoringInputs.nextDue(spark, lake, d), new String[] {"account_id"}, "left")
            .withColumn(
                TreatmentPolicy.CALLS_6D,
                org.apache.spark.sql.functions.coalesce(col(TreatmentPolicy.CALLS_6D), lit(0)));

    // Kept once: the ranking samples its input before sorting it, which would otherwise score
    // (and explain) every account twice.
    input = input.persist(StorageLevel.MEMORY_AND_DISK());
    try (TreatmentPolicy.Decisions decisions = TreatmentPolicy.decide(input, policy, d)) {
      Dataset<Row> rows =
          decisions
              .rows()
              .withColumn(ScoringTables.SCORE_DATE, lit(Date.valueOf(d)))
              .withColumn(ScoringTables.RUN_ID, lit(runId));
      Dataset<Row> scores = conform(rows, ScoringTables.ACCOUNT_SCORES);
      String slice = ScoringTables.SCORE_DATE + " = DATE'" + d + "'";
      // The run's description first: every run_id in account_scores has its policy recorded.
      recordRun(spark, lake, d, runId, policy, models, catalog);
      DeltaOutputs.replaceSliceWithChangeFeed(
          spark,
          scores,
          lake.scoring("account_scores"),
          ScoringTables.ACCOUNT_SCORES,
          List.of(ScoringTables.SCORE_DATE),
          slice);
      Dataset<Row> written =
          spark.read().format("delta").load(lake.scoring("account_scores")).filter(slice);
      DeltaOutputs.replaceSliceWithChangeFeed(
          spark,
          conform(
              written.filter(
                  col(TreatmentPolicy.TREATMENT)
                      .isin(
                          TreatmentPolicy.CALL, TreatmentPolicy.MESSAGE, TreatmentPolicy.ESCALATE)),
              ScoringTables.CONTACT_QUEUE),
          lake.scoring("contact_queue"),
          ScoringTables.CONTACT_QUEUE,
          List.of(ScoringTables.SCORE_DATE),
          slice);
      Map<String, Map<String, Long>> table = tierByQueue(written);
      long total =
          table.values().stream()
              .flatMap(m -> m.values().stream())
              .mapToLong(Long::longValue)
              .sum();
      return new Report(d, runId, models, total, table, (System.nanoTime() - t0) / 1e9);
    } finally {
      input.unpersist();
    }
  }

  private static void recordRun(
      SparkSession spark,
      Lake lake,
      LocalDate d,
      String runId,
      PolicySettings policy,
      Map<String, String> models,
      String catalog) {
    Row run =
        RowFactory.create(
            Date.valueOf(d),
            runId,
            policy.version(),
            PolicyConfig.render(policy),
            scala.jdk.javaapi.CollectionConverters.asScala(new TreeMap<>(models)),
            catalog,
            Timestamp.from(Instant.now()));
    DeltaOutputs.replaceSliceWithChangeFeed(
        spark,
        spark.createDataFrame(List.of(run), ScoringTables.SCORING_RUNS),
        lake.scoring("scoring_runs"),
        ScoringTables.SCORING_RUNS,
        List.of(),
        ScoringTables.RUN_ID + " = " + DeltaOutputs.literal(runId));
  }

  /**
   * The policy a scoring run decided with, as recorded by the run; empty for a run scored before
   * runs were recorded.
   */
  public static Optional<PolicySettings> policyOfRun(SparkSession spark, Lake lake, String runId) {
    String path = lake.scoring("scoring_runs");
    if (!Lake.isDeltaTable(spark, path)) {
      return Optional.empty();
    }
    List<Row> rows =
        spark
            .read()
            .format("delta")
            .load(path)
            .filter(col(ScoringTables.RUN_ID).equalTo(runId))
            .select(ScoringTables.POLICY)
            .collectAsList();
    return rows.isEmpty()
        ? Optional.empty()
        : Optional.of(PolicyConfig.parse(rows.get(0).getString(0)));
  }

  /** The decisions of score date {@code d} in account_scores; fails, with the fix, when none. */
  public static Dataset<Row> decisions(SparkSession spark, Lake lake, LocalDate d) {
    String path = lake.scoring("account_scores");
    Dataset<Row> rows =
        Lake.isDeltaTable(spark, path)
            ? spark
                .read()
                .format("delta")
                .load(path)
                .filter(col(ScoringTables.SCORE_DATE).equalTo(lit(Date.valueOf(d))))
            : null;
    if (rows == null || rows.isEmpty()) {
      throw new JobFailedException(
          "account_scores ("
              + path
              + ") has no rows for "
              + d
              + ". Fix: callwise score --date "
              + d);
    }
    return rows;
  }

  /** Counts by treatment/channel and tier of a date's account_scores (a small aggregate). */
  public static Map<String, Map<String, Long>> tierByQueue(Dataset<Row> scores) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (Row r :
        scores
            .groupBy(
                org.apache
                    .spark
                    .sql
                    .functions
                    .concat_ws("/", col(TreatmentPolicy.TREATMENT), col(TreatmentPolicy.CHANNEL))
                    .as("q"),
                col(TreatmentPolicy.TIER))
            .count()
            .collectAsList()) {
      out.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
    }
    return out;
  }

  private static int longestConversationCoolOff(PolicySettings p) {
    int days = p.defaultRules().conversationCoolOffDays();
    for (var r : p.regionRules().values()) {
      days = Math.max(days, r.conversationCoolOffDays());
    }
    return days;
  }

  private static Dataset<Row> population(Dataset<Row> features, LabelSpec label) {
    return features.filter(
        col(TreatmentPolicy.DPD).between(label.populationMinDpd(), label.populationMaxDpd()));
  }

  private static Dataset<Row> scoredBy(
      Dataset<Row> explained, String label, Map<String, String> models) {
    return keep(explained)
        .withColumn(ScoringTables.MODEL_LABEL, lit(label))
        .withColumn(ScoringTables.MODEL_ID, lit(models.get(label)));
  }

  /** Accounts beyond the models' range (DPD 90+) are in default: PD 1, no model reasons. */
  private static Dataset<Row> defaulted(Dataset<Row> features) {
    return keep(features
            .withColumn(TreatmentPolicy.PD, lit(1.0))
            .withColumn(ScoringTables.REASONS, array().cast(DelinquencyModel.REASON_TYPE)))
        .withColumn(ScoringTables.MODEL_LABEL, lit(null).cast("string"))
        .withColumn(ScoringTables.MODEL_ID, lit(null).cast("string"));
  }

  /** Feature columns the policy and the outputs use. */
  static final List<String> FEATURE_COLUMNS =
      List.of(
          TreatmentPolicy.ACCOUNT_ID,
          "product",
          TreatmentPolicy.ACCOUNT_STATUS,
          TreatmentPolicy.DPD,
          TreatmentPolicy.DPD_BUCKET,
          TreatmentPolicy.OVERDUE,
          TreatmentPolicy.OUTSTANDING,
          TreatmentPolicy.INTERNAL_SCORE,
          TreatmentPolicy.DISPUTE,
          TreatmentPolicy.LEGAL_HOLD,
          TreatmentPolicy.HARDSHIP,
          TreatmentPolicy.HOLIDAY,
          TreatmentPolicy.OPEN_COMPLAINTS,
          TreatmentPolicy.DAYS_SINCE_COMPLAINT,
          ScoringTables.FEATURE_CATALOG_VERSION);

  private static Dataset<Row> keep(Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    FEATURE_COLUMNS.forEach(c -> cols.add(col(c)));
    cols.add(col(TreatmentPolicy.PD));
    cols.add(
        col(ScoringTables.REASONS).cast(DelinquencyModel.REASON_TYPE).as(ScoringTables.REASONS));
    return rows.select(cols.toArray(Column[]::new));
  }

  /** The columns of {@code schema}, in order, cast to its types. */
  static Dataset<Row> conform(Dataset<Row> rows, StructType schema) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : schema.fields()) {
      cols.add(col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return rows.select(cols.toArray(Column[]::new));
  }
}
