package io.callwise.jobs.storage;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.delinquency.DelinquencyState;
import io.callwise.features.FeatureBuilder;
import io.callwise.features.Snapshots;
import io.callwise.ingest.LakeTables;
import io.callwise.labels.LabelBuilder;
import io.callwise.labels.TreatmentOutcomes;
import io.callwise.policy.ScoringTables;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Every Delta table of the lake, declared once (see {@link Lake} for the layout). Schemas declared
 * by a library (the contract, features, labels, the output contract) are referenced; the lake's own
 * operational tables (the model registry, the nightly step log) are declared here.
 */
public final class Tables {

  private Tables() {}

  private static final List<String> NONE = List.of();

  /** A validated raw table, partitioned by event month when it is large. */
  public static LakeTable bronze(TableSpec spec) {
    return new LakeTable(
        spec.name(),
        "bronze/" + spec.name(),
        LakeTables.bronzeSchema(spec),
        LakeTables.partitionedByMonth(spec) ? List.of(LakeTables.EVENT_MONTH) : NONE,
        // a bronze table ingested before the contract gained a column gains it on the next write
        LakeTable.Writes.EVOLVING);
  }

  /** The bronze table of the contract table named {@code name}. */
  public static LakeTable bronze(String name) {
    return bronze(
        RawTables.byName(name)
            .orElseThrow(() -> new IllegalArgumentException("no raw table " + name)));
  }

  public static final LakeTable QUARANTINE =
      new LakeTable(
          "quarantine",
          "bronze/quarantine",
          LakeTables.QUARANTINE_SCHEMA,
          List.of(LakeTables.SOURCE_TABLE),
          LakeTable.Writes.DECLARED);

  public static final LakeTable INGEST_RUNS =
      new LakeTable(
          "ingest_runs",
          "bronze/ingest_runs",
          LakeTables.INGEST_RUNS,
          NONE,
          LakeTable.Writes.DECLARED);

  public static final LakeTable ACCOUNT_FEATURES =
      new LakeTable(
          "account_features",
          "features/account_features",
          FeatureBuilder.schema(),
          List.of(Snapshots.AS_OF_DATE),
          LakeTable.Writes.EVOLVING);

  /**
   * The DPD engine's results kept between runs of the features (internal: rebuilt when missing).
   */
  public static final LakeTable DPD_STATE =
      new LakeTable(
          "dpd_state",
          "features/dpd_state",
          DelinquencyState.SCHEMA,
          DelinquencyState.PARTITION_BY,
          LakeTable.Writes.DECLARED);

  public static final LakeTable ACCOUNT_LABELS =
      new LakeTable(
          "account_labels",
          "labels/account_labels",
          LabelBuilder.SCHEMA,
          List.of(Snapshots.AS_OF_DATE),
          LakeTable.Writes.DECLARED);

  public static final LakeTable TREATMENT_OUTCOMES =
      new LakeTable(
          "treatment_outcomes",
          "labels/treatment_outcomes",
          TreatmentOutcomes.SCHEMA,
          List.of(Snapshots.AS_OF_DATE),
          LakeTable.Writes.DECLARED);

  public static final LakeTable ROLL_RATES =
      new LakeTable("roll_rates", "portfolio/roll_rates", null, NONE, LakeTable.Writes.DECLARED);

  public static final LakeTable VINTAGES =
      new LakeTable("vintages", "portfolio/vintages", null, NONE, LakeTable.Writes.DECLARED);

  /** Delta enforces no NOT NULL inside arrays and maps, so nested fields are declared nullable. */
  public static final StructType MODEL_HISTORY_ENTRY =
      new StructType()
          .add("at", DataTypes.TimestampType, true)
          .add("action", DataTypes.StringType, true)
          .add("status", DataTypes.StringType, true)
          .add("other_model", DataTypes.StringType, true)
          .add("forced", DataTypes.BooleanType, true)
          .add("reason", DataTypes.StringType, true);

  public static final LakeTable MODEL_REGISTRY =
      new LakeTable(
          "registry",
          "models/registry",
          new StructType()
              .add("model_id", DataTypes.StringType, false)
              .add("label", DataTypes.StringType, false)
              .add("family", DataTypes.StringType, false)
              .add("status", DataTypes.StringType, false)
              .add("created_at", DataTypes.TimestampType, false)
              .add("train_from", DataTypes.DateType, false)
              .add("train_to", DataTypes.DateType, false)
              .add("oot_from", DataTypes.DateType, false)
              .add("oot_to", DataTypes.DateType, false)
              .add("feature_catalog_version", DataTypes.StringType, false)
              .add("feature_schema_hash", DataTypes.StringType, false)
              .add("features", DataTypes.createArrayType(DataTypes.StringType, true), false)
              .add(
                  "params",
                  DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true),
                  false)
              .add(
                  "metrics",
                  DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, true),
                  false)
              .add("artifact_uri", DataTypes.StringType, false)
              .add("report_uri", DataTypes.StringType, false)
              .add("history", DataTypes.createArrayType(MODEL_HISTORY_ENTRY, true), false),
          NONE,
          LakeTable.Writes.DECLARED);

  public static final LakeTable ACCOUNT_SCORES =
      new LakeTable(
          "account_scores",
          "scoring/account_scores",
          ScoringTables.ACCOUNT_SCORES,
          List.of(ScoringTables.SCORE_DATE),
          LakeTable.Writes.CHANGE_FEED);

  public static final LakeTable CONTACT_QUEUE =
      new LakeTable(
          "contact_queue",
          "scoring/contact_queue",
          ScoringTables.CONTACT_QUEUE,
          List.of(ScoringTables.SCORE_DATE),
          LakeTable.Writes.CHANGE_FEED);

  public static final LakeTable CURRENT_PRIORITY =
      new LakeTable(
          "current_priority",
          "scoring/current_priority",
          ScoringTables.CURRENT_PRIORITY,
          NONE,
          LakeTable.Writes.CHANGE_FEED);

  public static final LakeTable SCORING_RUNS =
      new LakeTable(
          "scoring_runs",
          "scoring/scoring_runs",
          ScoringTables.SCORING_RUNS,
          NONE,
          LakeTable.Writes.CHANGE_FEED);

  public static final LakeTable NIGHTLY_STEPS =
      new LakeTable(
          "nightly_steps",
          "ops/nightly_steps",
          new StructType()
              .add("run_date", DataTypes.DateType, false)
              .add("step", DataTypes.StringType, false)
              .add("fingerprint", DataTypes.StringType, false)
              .add("finished_at", DataTypes.TimestampType, false)
              .add("seconds", DataTypes.DoubleType, false)
              .add("detail", DataTypes.StringType, true),
          NONE,
          LakeTable.Writes.DECLARED);

  public static final LakeTable DQ_RESULTS =
      new LakeTable(
          "dq_results",
          "ops/dq_results",
          new StructType()
              .add("run_date", DataTypes.DateType, false)
              .add("run_id", DataTypes.StringType, false)
              .add("check_name", DataTypes.StringType, false)
              .add("target", DataTypes.StringType, false)
              .add("severity", DataTypes.StringType, false)
              .add("observed", DataTypes.DoubleType, true)
              .add("warning_threshold", DataTypes.DoubleType, false)
              .add("error_threshold", DataTypes.DoubleType, false)
              .add("detail", DataTypes.StringType, true)
              .add("checked_at", DataTypes.TimestampType, false),
          List.of("run_date"),
          LakeTable.Writes.DECLARED);

  public static final LakeTable DRIFT =
      new LakeTable(
          "drift",
          "ops/drift",
          new StructType()
              .add("run_date", DataTypes.DateType, false)
              .add("run_id", DataTypes.StringType, false)
              .add("model_id", DataTypes.StringType, false)
              .add("label", DataTypes.StringType, false)
              .add("column_name", DataTypes.StringType, false)
              .add("kind", DataTypes.StringType, false)
              .add("rows", DataTypes.LongType, false)
              .add("psi", DataTypes.DoubleType, false)
              .add("expected_null_share", DataTypes.DoubleType, false)
              .add("actual_null_share", DataTypes.DoubleType, false)
              .add("severity", DataTypes.StringType, false)
              .add("checked_at", DataTypes.TimestampType, false),
          List.of("run_date"),
          LakeTable.Writes.DECLARED);

  public static final LakeTable RUNS =
      new LakeTable(
          "runs",
          "ops/runs",
          new StructType()
              .add("run_id", DataTypes.StringType, false)
              .add("command", DataTypes.StringType, false)
              .add("arguments", DataTypes.createArrayType(DataTypes.StringType, true), false)
              .add("storage_root", DataTypes.StringType, false)
              .add("code_version", DataTypes.StringType, false)
              .add("config_fingerprint", DataTypes.StringType, false)
              .add("config", DataTypes.StringType, false)
              .add("started_at", DataTypes.TimestampType, false)
              .add("finished_at", DataTypes.TimestampType, false)
              .add("seconds", DataTypes.DoubleType, false)
              .add("status", DataTypes.StringType, false)
              .add("exit_code", DataTypes.IntegerType, false)
              .add("error", DataTypes.StringType, true)
              .add(
                  "inputs",
                  DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, true),
                  false)
              .add(
                  "outputs",
                  DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, true),
                  false)
              .add(
                  "prior_versions",
                  DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, true),
                  false)
              .add("spark_master", DataTypes.StringType, true)
              .add("spark_app_id", DataTypes.StringType, true),
          NONE,
          LakeTable.Writes.DECLARED);

  /** Every table of a lake but bronze's raw tables. */
  public static final List<LakeTable> ALL =
      List.of(
          QUARANTINE,
          INGEST_RUNS,
          ACCOUNT_FEATURES,
          ACCOUNT_LABELS,
          TREATMENT_OUTCOMES,
          ROLL_RATES,
          VINTAGES,
          MODEL_REGISTRY,
          ACCOUNT_SCORES,
          CONTACT_QUEUE,
          CURRENT_PRIORITY,
          SCORING_RUNS,
          NIGHTLY_STEPS,
          DQ_RESULTS,
          DRIFT,
          RUNS);
}
