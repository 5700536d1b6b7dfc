package io.callwise.integration;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.callwise.features.FeatureCatalog;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.models.ModelConfig;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import io.callwise.models.DelinquencyModel;
import io.callwise.models.ModelSettings;
import io.callwise.models.ModelTrainer;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Champions for integration tests of the night: one per label, fitted on the night's own features
 * (all accounts) with a stand-in outcome. Model quality is not what those tests are about (training
 * is ModelJobsTest's); their policy makes every delinquent account a call candidate whatever the
 * PD.
 */
final class ItChampions {

  private ItChampions() {}

  /**
   * Fits and saves (under {@code lake}'s model artifacts) a champion per label: a GBT for
   * early_warning (TreeSHAP reasons) and a logistic model for no_self_cure (linear reasons).
   */
  static List<ModelRegistry.Entry> fittedOn(SparkSession spark, Lake lake, LocalDate night) {
    return fittedOn(spark, lake, lake, night, DelinquencyModel.Family.GBT);
  }

  /**
   * As {@link #fittedOn(SparkSession, Lake, LocalDate)}, saved under {@code artifacts}' root, with
   * early_warning's champion of the tree family {@code trees} (GBT or XGBoost).
   */
  static List<ModelRegistry.Entry> fittedOn(
      SparkSession spark,
      Lake featuresOf,
      Lake artifacts,
      LocalDate night,
      DelinquencyModel.Family trees) {
    Dataset<Row> features =
        Tables.ACCOUNT_FEATURES
            .read(spark, featuresOf)
            .filter(col("as_of_date").equalTo(lit(Date.valueOf(night))));
    ModelSettings settings =
        ModelConfig.settings(
            CallwiseConfig.resolve(
                null,
                Map.of(
                    "callwise.models.logistic.reg-param", "[0.01]",
                    "callwise.models.gbt.max-iter", "[5]",
                    "callwise.models.gbt.max-depth", "[3]"),
                Map.of()));
    Timestamp now = Timestamp.from(Instant.now());
    List<ModelRegistry.Entry> entries = new ArrayList<>();
    for (LabelSpec label : LabelCatalog.ALL) {
      // Every account of the night, not only the label's population: small books have too few
      // past-due accounts for a model of each outcome.
      Dataset<Row> rows =
          features.withColumn(
              "outcome",
              when(col("max_dpd_365d").gt(label.populationMinDpd() + 10), 1).otherwise(0));
      Column validation = pmod(xxhash64(col("account_id")), lit(4)).equalTo(0);
      DelinquencyModel.Family family =
          label == LabelCatalog.EARLY_WARNING ? trees : DelinquencyModel.Family.LOGISTIC;
      String id = label.name() + "-" + family.id() + "-test";
      DelinquencyModel model =
          ModelTrainer.train(
                  rows.filter(validation.unary_$bang()),
                  rows.filter(validation),
                  "outcome",
                  family,
                  settings,
                  id,
                  label.name(),
                  FeatureCatalog.version())
              .model();
      String uri = artifacts.modelArtifacts(id);
      model.save(spark, uri);
      entries.add(
          new ModelRegistry.Entry(
              id,
              label.name(),
              family.id(),
              ModelRegistry.CHAMPION,
              now,
              night,
              night,
              night,
              night,
              model.spec().featureCatalogVersion(),
              model.spec().featureSchemaHash(),
              model.spec().features(),
              model.spec().params(),
              Map.of(),
              uri,
              uri + "/report.html",
              List.of(
                  new ModelRegistry.Event(
                      now, "promoted", ModelRegistry.CHAMPION, null, true, "test"))));
    }
    return entries;
  }

  /** Registers the champions in {@code lake}'s registry (their artifacts stay where they are). */
  static void register(SparkSession spark, Lake lake, List<ModelRegistry.Entry> champions) {
    new ModelRegistry(spark, lake).upsert(champions);
  }
}
