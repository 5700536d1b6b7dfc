package io.callwise.scoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import io.callwise.common.Fingerprints;
import io.callwise.labels.LabelSpec;
import io.callwise.models.DelinquencyModel;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.ScoringTables;
import io.callwise.policy.Treatment;
import io.callwise.policy.TreatmentPolicy;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The scoring steps around the treatment policy, as Dataset transformations: which champion scores
 * which DPD population (and PD 1 beyond them, in default), the run id, and the shape of the output
 * tables. A night is {@code features → score → PolicyInputs.join → TreatmentPolicy.decide →
 * accountScores → contactQueue}.
 */
public final class Scoring {

  private Scoring() {}

  /** Reason codes per decision. */
  public static final int REASON_CODES = 3;

  /**
   * A label's champion: the population it was trained on, its registry id, and how it scores rows:
   * PD on every row, reason codes on the rows where the given condition holds (empty elsewhere).
   */
  public record Champion(
      LabelSpec label, String modelId, BiFunction<Dataset<Row>, Column, Dataset<Row>> explain) {

    /** A registered model scoring with {@link #REASON_CODES} reasons. */
    public static Champion of(LabelSpec label, String modelId, DelinquencyModel model) {
      return new Champion(
          label, modelId, (rows, which) -> model.explain(rows, REASON_CODES, which));
    }
  }

  /** Feature columns the policy and the outputs use. */
  public static final List<String> FEATURE_COLUMNS =
      List.of(
          TreatmentPolicy.ACCOUNT_ID,
          "product",
          TreatmentPolicy.ACCOUNT_STATUS,
          TreatmentPolicy.DPD,
          TreatmentPolicy.DPD_BUCKET,
          TreatmentPolicy.OVERDUE,
          TreatmentPolicy.OUTSTANDING,
          TreatmentPolicy.CREDIT_LIMIT,
          TreatmentPolicy.STATEMENT_BALANCE,
          TreatmentPolicy.PRINCIPAL_OUTSTANDING,
          TreatmentPolicy.INTERNAL_SCORE,
          TreatmentPolicy.DISPUTE,
          TreatmentPolicy.LEGAL_HOLD,
          TreatmentPolicy.HARDSHIP,
          TreatmentPolicy.HOLIDAY,
          TreatmentPolicy.OPEN_COMPLAINTS,
          TreatmentPolicy.DAYS_SINCE_COMPLAINT,
          ScoringTables.FEATURE_CATALOG_VERSION);

  /**
   * Every account of the features, scored once: each champion scores the DPD population its label
   * was trained on; accounts beyond every population (DPD 90+) are in default, PD 1 and no model
   * reasons. Rows keep {@link #FEATURE_COLUMNS}, {@code pd}, {@code reasons}, {@code model_label}
   * and {@code model_id}. Reason codes are computed only on the rows where {@code explained} holds
   * (it may read the features and {@code pd}); the others have an empty {@code reasons}. A night
   * explains the rows {@link TreatmentPolicy#mayContact} selects.
   */
  public static Dataset<Row> score(
      Dataset<Row> features, List<Champion> champions, Column explained) {
    Dataset<Row> out = null;
    int beyond = Integer.MIN_VALUE;
    for (Champion c : champions) {
      LabelSpec label = c.label();
      Dataset<Row> population =
          features.filter(
              col(TreatmentPolicy.DPD).between(label.populationMinDpd(), label.populationMaxDpd()));
      Dataset<Row> scored =
          keep(c.explain().apply(population, explained))
              .withColumn(ScoringTables.MODEL_LABEL, lit(label.name()))
              .withColumn(ScoringTables.MODEL_ID, lit(c.modelId()));
      out = out == null ? scored : out.unionByName(scored);
      beyond = Math.max(beyond, label.populationMaxDpd());
    }
    if (out == null) {
      throw new IllegalArgumentException("scoring needs at least one champion");
    }
    Dataset<Row> defaulted =
        keep(features
                .filter(col(TreatmentPolicy.DPD).gt(beyond))
                .withColumn(TreatmentPolicy.PD, lit(1.0))
                .withColumn(ScoringTables.REASONS, array().cast(DelinquencyModel.REASON_TYPE)))
            .withColumn(ScoringTables.MODEL_LABEL, lit(null).cast("string"))
            .withColumn(ScoringTables.MODEL_ID, lit(null).cast("string"));
    return out.unionByName(defaulted);
  }

  private static Dataset<Row> keep(Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    FEATURE_COLUMNS.forEach(c -> cols.add(col(c)));
    cols.add(col(TreatmentPolicy.PD));
    cols.add(
        col(ScoringTables.REASONS).cast(DelinquencyModel.REASON_TYPE).as(ScoringTables.REASONS));
    return rows.select(cols.toArray(Column[]::new));
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

  /** The policy's decision rows as {@code account_scores} rows of score date {@code d}. */
  public static Dataset<Row> accountScores(Dataset<Row> decisions, LocalDate d, String runId) {
    if (!Arrays.asList(decisions.columns()).contains(ScoringTables.UPLIFT_MODEL_ID)) {
      decisions = decisions.withColumn(ScoringTables.UPLIFT_MODEL_ID, lit(null).cast("string"));
    }
    if (!Arrays.asList(decisions.columns()).contains(ScoringTables.ASSIGNMENT_PROBABILITY)) {
      decisions = decisions.withColumn(ScoringTables.ASSIGNMENT_PROBABILITY, lit(1.0));
    }
    return conform(
        decisions
            .withColumn(ScoringTables.SCORE_DATE, lit(Date.valueOf(d)))
            .withColumn(ScoringTables.RUN_ID, lit(runId)),
        ScoringTables.ACCOUNT_SCORES);
  }

  /** The actionable rows of {@code account_scores} (call, message, escalation) as the queue. */
  public static Dataset<Row> contactQueue(Dataset<Row> accountScores) {
    return conform(
        accountScores.filter(
            col(TreatmentPolicy.TREATMENT)
                .isin(Treatment.CALL.name(), Treatment.MESSAGE.name(), Treatment.ESCALATE.name())),
        ScoringTables.CONTACT_QUEUE);
  }

  /** Counts by treatment/channel and tier of a date's account_scores (a small aggregate). */
  public static Map<String, Map<String, Long>> tierByQueue(Dataset<Row> scores) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (Row r :
        scores
            .groupBy(
                concat_ws("/", col(TreatmentPolicy.TREATMENT), col(TreatmentPolicy.CHANNEL))
                    .as("q"),
                col(TreatmentPolicy.TIER))
            .count()
            .collectAsList()) {
      out.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
    }
    return out;
  }

  /** The columns of {@code schema}, in order, cast to its types. */
  public static Dataset<Row> conform(Dataset<Row> rows, StructType schema) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : schema.fields()) {
      cols.add(col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return rows.select(cols.toArray(Column[]::new));
  }
}
