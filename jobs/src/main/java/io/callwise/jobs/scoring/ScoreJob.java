package io.callwise.jobs.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.callwise.contract.RawTables;
import io.callwise.features.Snapshots;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.DeltaOutputs;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import io.callwise.models.UpliftModel;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.ScoringTables;
import io.callwise.policy.Tier;
import io.callwise.policy.TreatmentPolicy;
import io.callwise.scoring.AuditRule;
import io.callwise.scoring.DecisionAudit;
import io.callwise.scoring.PolicyInputs;
import io.callwise.scoring.Scoring;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code callwise score --date D}: every open account's features at D scored by its label's
 * champion model (early_warning for current accounts, no_self_cure for DPD 1-89; PD 1 for DPD 90+),
 * joined with its contact settings and history, through the treatment policy, into {@code
 * account_scores} and {@code contact_queue} (each date replaced in one commit).
 */
public final class ScoreJob {

  private ScoreJob() {}

  /** The labels whose champions score a night, each its own DPD population. */
  static final List<LabelSpec> SCORED_LABELS =
      List.of(LabelCatalog.EARLY_WARNING, LabelCatalog.NO_SELF_CURE);

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
    List<String> tiers = Arrays.stream(Tier.values()).map(Tier::name).toList();
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
  public static Dataset<Row> features(SparkSession spark, Lake lake, LocalDate d) {
    if (!Tables.ACCOUNT_FEATURES.exists(spark, lake)) {
      throw new JobFailedException(
          "no feature table at "
              + Tables.ACCOUNT_FEATURES.path(lake)
              + ". Fix: callwise features --date "
              + d);
    }
    Dataset<Row> f =
        Tables.ACCOUNT_FEATURES
            .read(spark, lake)
            .filter(col(Snapshots.AS_OF_DATE).equalTo(lit(Date.valueOf(d))));
    if (f.isEmpty()) {
      throw new JobFailedException(
          "account_features has no rows for "
              + d
              + " ("
              + Tables.ACCOUNT_FEATURES.path(lake)
              + "). Fix: build them first: callwise features --date "
              + d);
    }
    return f;
  }

  /** The champion ids (label → model id) scoring would use, failing when one is missing. */
  public static Map<String, String> champions(SparkSession spark, Lake lake) {
    ModelRegistry registry = new ModelRegistry(spark, lake);
    Map<String, String> ids = new LinkedHashMap<>();
    for (LabelSpec label : SCORED_LABELS) {
      ids.put(label.name(), registry.requireChampion(label.name()).modelId());
    }
    return ids;
  }

  /**
   * A night's policy input: every open account's features at D scored by the champions, with its
   * contact settings and history; with {@code uplift}, past-due accounts also carry the
   * probabilities of the treatment-effect champion of the policy's outcome ({@code p_call}, {@code
   * p_message}, {@code p_none}) and its id.
   *
   * @param models champion id by label, including the treatment-effect champion when used
   */
  public record PolicyInput(Dataset<Row> rows, Map<String, String> models, String catalog) {

    /**
     * The rows computed once and kept (memory, then local disk) with their lineage cut: what
     * decides the night many times over (the evaluations) plans each decision on a scan of these
     * rows instead of on the features, models and joins behind them, which took the optimizer
     * seconds per decision. Kept blocks are not recomputed if an executor is lost: the command
     * fails and is run again.
     */
    public Dataset<Row> materialized() {
      return rows.localCheckpoint(true, StorageLevel.MEMORY_AND_DISK());
    }
  }

  public static PolicyInput policyInput(
      SparkSession spark, Lake lake, LocalDate d, PolicySettings policy, boolean uplift) {
    Dataset<Row> features = features(spark, lake, d);
    String where = "account_features at " + d;
    Map<String, String> models = champions(spark, lake);
    ModelRegistry registry = new ModelRegistry(spark, lake);
    List<Scoring.Champion> champions = new ArrayList<>();
    for (LabelSpec label : SCORED_LABELS) {
      champions.add(
          Scoring.Champion.of(
              label,
              models.get(label.name()),
              registry.loadChampion(label.name(), features, where)));
    }
    String catalog = features.select(ScoringTables.FEATURE_CATALOG_VERSION).first().getString(0);
    Dataset<Row> accounts = PolicyInputs.accounts(Bronze.table(spark, lake, RawTables.ACCOUNTS), d);
    Dataset<Row> contacts =
        Bronze.months(spark, lake, RawTables.CONTACTS, PolicyInputs.contactsFrom(d, policy), d);
    Dataset<Row> instalments =
        Bronze.months(spark, lake, RawTables.INSTALMENTS, PolicyInputs.instalmentsFrom(d), d);
    Dataset<Row> input =
        PolicyInputs.join(
            Scoring.score(features, champions, TreatmentPolicy.mayContact(policy)),
            accounts,
            PolicyInputs.contactHistory(contacts, accounts, d, policy),
            PolicyInputs.nextDue(instalments, d));
    if (uplift) {
      String label = policy.strategy().upliftLabel();
      UpliftModel model = registry.loadUpliftChampion(label, features, where);
      models.put(label, model.spec().modelId());
      Dataset<Row> probabilities =
          model
              .score(features.filter(col(TreatmentPolicy.DPD).gt(0)))
              .select(
                  col(TreatmentPolicy.ACCOUNT_ID),
                  col(TreatmentPolicy.P_CALL),
                  col(TreatmentPolicy.P_MESSAGE),
                  col(TreatmentPolicy.P_NONE));
      input =
          input
              .join(probabilities, TreatmentPolicy.ACCOUNT_ID, "left")
              .withColumn(ScoringTables.UPLIFT_MODEL_ID, lit(model.spec().modelId()));
    }
    return new PolicyInput(input, models, catalog);
  }

  public static Report run(SparkSession spark, Lake lake, Options options) {
    long t0 = System.nanoTime();
    LocalDate d = options.date();
    PolicySettings policy = options.policy();
    PolicyInput prepared =
        policyInput(
            spark,
            lake,
            d,
            policy,
            policy.strategy().allocation() == PolicySettings.Allocation.INCREMENTAL_VALUE);
    Map<String, String> models = prepared.models();
    String catalog = prepared.catalog();
    String runId = Scoring.runId(d, models, policy, catalog);
    Dataset<Row> input = prepared.rows();

    // Kept once: the ranking samples its input before sorting it, which would otherwise score
    // (and explain) every account twice.
    input = input.persist(StorageLevel.MEMORY_AND_DISK());
    try (TreatmentPolicy.Decisions decisions = TreatmentPolicy.decide(input, policy, d)) {
      String slice = ScoringTables.SCORE_DATE + " = DATE'" + d + "'";
      // The run's description first: every run_id in account_scores has its policy recorded.
      recordRun(spark, lake, d, runId, policy, models, catalog);
      Tables.ACCOUNT_SCORES.replace(
          spark, lake, Scoring.accountScores(decisions.rows(), d, runId), slice);
      Dataset<Row> written = Tables.ACCOUNT_SCORES.read(spark, lake).filter(slice);
      Tables.CONTACT_QUEUE.replace(spark, lake, Scoring.contactQueue(written), slice);
      Map<String, Map<String, Long>> table = Scoring.tierByQueue(written);
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

  /**
   * The decisions of {@code d} checked against {@code policy}, from the bronze rows and the date's
   * open accounts (see {@link DecisionAudit}).
   */
  public static Map<AuditRule, Long> audit(
      SparkSession spark, Lake lake, LocalDate d, PolicySettings policy, Dataset<Row> decisions) {
    DecisionAudit.Inputs inputs =
        new DecisionAudit.Inputs(
            features(spark, lake, d).select(TreatmentPolicy.ACCOUNT_ID),
            Bronze.table(spark, lake, RawTables.ACCOUNTS),
            Bronze.table(spark, lake, RawTables.ARRANGEMENTS),
            Bronze.table(spark, lake, RawTables.COMPLAINTS),
            Bronze.months(spark, lake, RawTables.CONTACTS, DecisionAudit.contactsFrom(d), d));
    return DecisionAudit.check(inputs, d, policy, decisions);
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
            CollectionConverters.asScala(new TreeMap<>(models)),
            catalog,
            Timestamp.from(Instant.now()));
    Tables.SCORING_RUNS.replace(
        spark,
        lake,
        spark.createDataFrame(List.of(run), ScoringTables.SCORING_RUNS),
        ScoringTables.RUN_ID + " = " + DeltaOutputs.literal(runId));
  }

  /**
   * The policy a scoring run decided with, as recorded by the run; empty for a run scored before
   * runs were recorded.
   */
  public static Optional<PolicySettings> policyOfRun(SparkSession spark, Lake lake, String runId) {
    if (!Tables.SCORING_RUNS.exists(spark, lake)) {
      return Optional.empty();
    }
    List<Row> rows =
        Tables.SCORING_RUNS
            .read(spark, lake)
            .filter(col(ScoringTables.RUN_ID).equalTo(runId))
            .select(ScoringTables.POLICY)
            .collectAsList();
    return rows.isEmpty()
        ? Optional.empty()
        : Optional.of(PolicyConfig.parse(rows.get(0).getString(0)));
  }

  /** The decisions of score date {@code d} in account_scores; fails, with the fix, when none. */
  public static Dataset<Row> decisions(SparkSession spark, Lake lake, LocalDate d) {
    Dataset<Row> rows =
        Tables.ACCOUNT_SCORES.exists(spark, lake)
            ? Tables.ACCOUNT_SCORES
                .read(spark, lake)
                .filter(col(ScoringTables.SCORE_DATE).equalTo(lit(Date.valueOf(d))))
            : null;
    if (rows == null || rows.isEmpty()) {
      throw new JobFailedException(
          "account_scores ("
              + Tables.ACCOUNT_SCORES.path(lake)
              + ") has no rows for "
              + d
              + ". Fix: callwise score --date "
              + d);
    }
    return rows;
  }
}
