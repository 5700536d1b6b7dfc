package io.callwise.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.callwise.labels.Arm;
import io.callwise.models.DelinquencyModel.Family;
import io.callwise.models.UpliftModel.Estimator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Trains a {@link UpliftModel} with {@link ModelTrainer}: per arm (T-learner) or once with the arm
 * among the inputs (S-learner). Each classifier is tuned and calibrated on its validation rows as a
 * delinquency model is, so each arm's probability is calibrated where it was observed.
 */
public final class UpliftTrainer {

  private UpliftTrainer() {}

  /** The model, the search of each of its classifiers and the features left out. */
  public record Trained(
      UpliftModel model,
      Map<String, List<ModelTrainer.SearchResult>> search,
      List<String> excludedFeatures) {}

  /**
   * @param train feature rows of the training dates with {@code treatmentColumn} and {@code
   *     outcome}
   * @param validation the same for the validation accounts
   */
  public static Trained train(
      Dataset<Row> train,
      Dataset<Row> validation,
      String treatmentColumn,
      String outcome,
      Estimator estimator,
      Family family,
      ModelSettings settings,
      String modelId,
      String catalogVersion) {
    Map<Arm, DelinquencyModel> models = new EnumMap<>(Arm.class);
    Map<String, List<ModelTrainer.SearchResult>> search = new LinkedHashMap<>();
    List<String> excluded = new ArrayList<>();
    List<String> features;
    String label = "uplift_" + outcome;
    if (estimator == Estimator.T_LEARNER) {
      features = null;
      for (Arm arm : Arm.values()) {
        ModelTrainer.Trained t;
        try {
          t =
              ModelTrainer.train(
                  train.filter(col(treatmentColumn).equalTo(arm.name())),
                  validation.filter(col(treatmentColumn).equalTo(arm.name())),
                  outcome,
                  family,
                  settings,
                  modelId + "-" + arm.name().toLowerCase(java.util.Locale.ROOT),
                  label,
                  catalogVersion);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("arm " + arm + ": " + e.getMessage(), e);
        }
        models.put(arm, t.model());
        search.put(arm.name(), t.search());
        t.excludedFeatures().stream().filter(f -> !excluded.contains(f)).forEach(excluded::add);
        features = features == null ? t.model().spec().features() : features;
      }
    } else {
      List<String> indicators = UpliftModel.INDICATED.stream().map(UpliftModel::indicator).toList();
      ModelTrainer.Trained t =
          ModelTrainer.train(
              withIndicators(train, treatmentColumn),
              withIndicators(validation, treatmentColumn),
              outcome,
              family,
              settings,
              modelId,
              label,
              catalogVersion,
              indicators);
      for (Arm arm : Arm.values()) {
        models.put(arm, t.model());
      }
      search.put("all", t.search());
      excluded.addAll(t.excludedFeatures());
      features = t.model().spec().features().stream().filter(f -> !indicators.contains(f)).toList();
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("estimator", estimator.id());
    params.put("family", family.id());
    params.put("outcome", outcome);
    models.get(Arm.CALL).spec().params().forEach((k, v) -> params.putIfAbsent(k, v));
    UpliftModel.Spec spec =
        new UpliftModel.Spec(
            modelId, outcome, estimator.id(), family.id(), catalogVersion, features, params);
    return new Trained(new UpliftModel(spec, models), search, excluded);
  }

  /** The rows with one 0/1 indicator column per {@link UpliftModel#INDICATED} arm. */
  static Dataset<Row> withIndicators(Dataset<Row> rows, String treatmentColumn) {
    Dataset<Row> out = rows;
    for (Arm a : UpliftModel.INDICATED) {
      out =
          out.withColumn(
              UpliftModel.indicator(a),
              when(col(treatmentColumn).equalTo(a.name()), lit(1.0)).otherwise(lit(0.0)));
    }
    return out;
  }
}
