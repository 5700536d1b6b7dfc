package io.callwise.models;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.zip_with;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callwise.common.Fingerprints;
import io.callwise.quality.DriftBaseline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.XGBoost;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A trained delinquency model: the MLlib pipeline (feature preparation and classifier), its
 * calibration to a probability of the label's event, and the description that goes with it.
 *
 * <p>{@link #score} adds {@code pd_raw} (the classifier's probability, trained with class weights)
 * and {@code pd} (calibrated). {@link #explain} also adds each row's per-feature contributions to
 * the log-odds of the classifier — exact TreeSHAP values for boosted trees, coefficient × (value −
 * training mean) for the logistic model — and the top reasons: the features that raise the risk
 * most, with their values.
 *
 * <p>Saved with MLlib persistence under one directory: {@code pipeline/}, {@code calibrator/}
 * (isotonic) and {@code model.json} (this description).
 */
public final class DelinquencyModel {

  /** Model families. */
  public enum Family {
    GBT,
    /** Gradient-boosted trees by XGBoost (histogram method), searched on the GBT grid. */
    XGBOOST,
    LOGISTIC;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Family of(String id) {
      for (Family f : values()) {
        if (f.id().equals(id)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "'" + id + "' is not a model family. Fix: gbt, xgboost or logistic");
    }
  }

  /**
   * What a model is, saved next to its MLlib artifacts.
   *
   * @param numeric numeric input features (missing values take the training median)
   * @param categorical string input features (indexed; unseen and missing values get their own)
   * @param slotFeatures input feature of each slot of the assembled vector
   * @param slotMeans training mean of each slot (logistic), the baseline of contributions
   * @param slotCoefficients coefficient of each slot (logistic)
   * @param featureSchemaHash fingerprint of the input names and types
   * @param plattSlope slope of Platt scaling on the logit of pd_raw
   * @param plattIntercept intercept of Platt scaling
   * @param pdFloor lowest PD the model gives: calibration never says 0 (null in models saved before
   *     the bound existed: {@value #DEFAULT_BOUND})
   * @param pdCeiling highest PD the model gives: calibration never says 1 (null: 1 - {@value
   *     #DEFAULT_BOUND})
   * @param baseline the distribution of the inputs and of {@code pd} over the training rows, which
   *     nights are compared with (null in models saved before it was recorded: no drift measured)
   */
  public record Spec(
      String modelId,
      String label,
      Family family,
      List<String> numeric,
      List<String> categorical,
      List<String> slotFeatures,
      double[] slotMeans,
      double[] slotCoefficients,
      String featureCatalogVersion,
      String featureSchemaHash,
      String calibration,
      double plattSlope,
      double plattIntercept,
      Map<String, String> params,
      Double pdFloor,
      Double pdCeiling,
      DriftBaseline baseline) {

    /** The floor in force. */
    public double floor() {
      return pdFloor == null ? DEFAULT_BOUND : pdFloor;
    }

    /** The ceiling in force. */
    public double ceiling() {
      return pdCeiling == null ? 1 - DEFAULT_BOUND : pdCeiling;
    }

    /** This spec with {@code b} as its baseline. */
    public Spec withBaseline(DriftBaseline b) {
      return new Spec(
          modelId,
          label,
          family,
          numeric,
          categorical,
          slotFeatures,
          slotMeans,
          slotCoefficients,
          featureCatalogVersion,
          featureSchemaHash,
          calibration,
          plattSlope,
          plattIntercept,
          params,
          pdFloor,
          pdCeiling,
          b);
    }

    /** Input features in slot order (numeric first). */
    public List<String> features() {
      List<String> all = new ArrayList<>(numeric);
      all.addAll(categorical);
      return all;
    }
  }

  /** Columns the pipeline adds while it works; removed from what callers get back. */
  static final String TEMP = "__";

  static final String VECTOR = "__features";
  static final String PROBABILITY = "__probability";
  public static final String PD_RAW = "pd_raw";
  public static final String PD = "pd";
  public static final String CONTRIBUTIONS = "contributions";
  public static final String REASONS = "reasons";

  /** Type of the {@code reasons} column: the features raising risk most, largest first. */
  public static final DataType REASON_TYPE =
      DataTypes.createArrayType(
          new StructType()
              .add("feature", DataTypes.StringType, true)
              .add("value", DataTypes.StringType, true)
              .add("contribution", DataTypes.DoubleType, true),
          true);

  private static final double CLIP = 1e-12;

  /** Bounds of a model saved before its own bounds were recorded. */
  public static final double DEFAULT_BOUND = 1e-6;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Spec spec;
  private final PipelineModel pipeline;
  private final IsotonicRegressionModel isotonic;

  DelinquencyModel(Spec spec, PipelineModel pipeline, IsotonicRegressionModel isotonic) {
    this.spec = spec;
    this.pipeline = pipeline;
    this.isotonic = isotonic;
  }

  public Spec spec() {
    return spec;
  }

  public PipelineModel pipeline() {
    return pipeline;
  }

  /** The fingerprint of the input features' names and types in {@code schema}. */
  public static String schemaHash(StructType schema, List<String> features) {
    StringBuilder b = new StringBuilder();
    for (String f : features) {
      b.append(f).append(':').append(schema.apply(f).dataType().simpleString()).append('\n');
    }
    return Fingerprints.sha256Hex(b.toString(), 6);
  }

  /**
   * Fails with a message naming every difference when {@code table} (described as {@code where})
   * lacks an input feature, has it with another type, or was built by another feature catalog.
   */
  public void checkFeatures(StructType table, List<String> catalogVersions, String where) {
    List<String> problems = new ArrayList<>();
    List<String> names = Arrays.asList(table.fieldNames());
    List<String> missing = new ArrayList<>();
    for (String f : spec.features()) {
      if (!names.contains(f)) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      problems.add("missing feature column(s) " + missing);
    } else if (!schemaHash(table, spec.features()).equals(spec.featureSchemaHash())) {
      List<String> changed = new ArrayList<>();
      for (String f : spec.numeric()) {
        if (table.apply(f).dataType() instanceof StringType) {
          changed.add(f + " is now " + table.apply(f).dataType().simpleString());
        }
      }
      for (String f : spec.categorical()) {
        if (!(table.apply(f).dataType() instanceof StringType)) {
          changed.add(f + " is now " + table.apply(f).dataType().simpleString());
        }
      }
      problems.add(
          "feature types differ from training (schema hash "
              + schemaHash(table, spec.features())
              + " vs "
              + spec.featureSchemaHash()
              + (changed.isEmpty() ? "" : ": " + String.join(", ", changed))
              + ")");
    }
    List<String> others =
        catalogVersions.stream().filter(v -> !v.equals(spec.featureCatalogVersion())).toList();
    if (!others.isEmpty()) {
      problems.add(
          "feature_catalog_version "
              + others
              + " differs from the model's "
              + spec.featureCatalogVersion()
              + " (feature definitions changed since training)");
    }
    if (!problems.isEmpty()) {
      throw new FeatureSchemaMismatchException(
          "model "
              + spec.modelId()
              + " cannot score "
              + where
              + ": "
              + String.join("; ", problems)
              + ". Fix: rebuild the features with the catalog the model was trained on, or"
              + " train and promote a model on the current features.");
    }
  }

  /** Adds {@code pd_raw} and {@code pd} to every row of {@code features}. */
  public Dataset<Row> score(Dataset<Row> features) {
    return dropTemp(calibrated(features, pipeline));
  }

  /** As {@link #score}, plus {@code contributions} and the top {@code k} {@code reasons}. */
  public Dataset<Row> explain(Dataset<Row> features, int k) {
    return explain(features, k, lit(true));
  }

  /**
   * As {@link #explain(Dataset, int)}, but only the rows where {@code which} holds are explained;
   * the others get empty {@code contributions} and {@code reasons} (and the same {@code pd}).
   * {@code which} may read {@code pd}. Explaining is most of the cost of scoring a tree model
   * (exact TreeSHAP per row), and most of a book's accounts are current ones no decision acts on.
   */
  public Dataset<Row> explain(Dataset<Row> features, int k, Column which) {
    String flag = TEMP + "explain";
    Column explained = col(flag);
    Dataset<Row> withContributions =
        switch (spec.family()) {
          case GBT -> treeContributions(flagged(calibrated(features, pipeline), flag, which), flag);
          case XGBOOST -> flagged(boosterContributions(features), flag, which);
          case LOGISTIC ->
              linearContributions(flagged(calibrated(features, pipeline), flag, which));
        };
    return dropTemp(
        withContributions
            .withColumn(
                CONTRIBUTIONS,
                when(explained, col(CONTRIBUTIONS))
                    .otherwise(array().cast(DataTypes.createArrayType(DataTypes.DoubleType))))
            .withColumn(
                REASONS,
                when(explained, reasons(features.schema(), k))
                    .otherwise(array().cast(REASON_TYPE))));
  }

  private static Dataset<Row> flagged(Dataset<Row> scored, String flag, Column which) {
    return scored.withColumn(flag, coalesce(which, lit(false)));
  }

  private Dataset<Row> calibrated(Dataset<Row> features, PipelineModel through) {
    Dataset<Row> t =
        through
            .transform(features)
            .withColumn(PD_RAW, vector_to_array(col(PROBABILITY), "float64").getItem(1));
    Dataset<Row> calibrated;
    if (isotonic != null) {
      calibrated = isotonic.setFeaturesCol(PD_RAW).setPredictionCol(PD).transform(t);
    } else {
      Column p = least(greatest(col(PD_RAW), lit(CLIP)), lit(1 - CLIP));
      Column logit = log(p.divide(lit(1).minus(p)));
      Column z = logit.multiply(spec.plattSlope()).plus(spec.plattIntercept());
      calibrated = t.withColumn(PD, lit(1).divide(lit(1).plus(exp(z.multiply(-1)))));
    }
    // A calibrated PD is never certain: 0 would make the expected loss 0 and 1 would read as
    // default; both make log loss unbounded.
    return calibrated.withColumn(
        PD, least(greatest(col(PD), lit(spec.floor())), lit(spec.ceiling())));
  }

  private static Dataset<Row> dropTemp(Dataset<Row> t) {
    return t.drop(
        Arrays.stream(t.columns()).filter(c -> c.startsWith(TEMP)).toArray(String[]::new));
  }

  /**
   * Exact TreeSHAP per row where the boolean column {@code flag} holds, in log-odds (the GBT margin
   * is half the log-odds); an empty array elsewhere. A function of the feature vector and the flag
   * alone, so only those two columns cross into the JVM objects it reads (a pass over whole rows
   * converted each row's ~140 columns there and back).
   */
  private Dataset<Row> treeContributions(Dataset<Row> scored, String flag) {
    GBTClassificationModel gbt = (GBTClassificationModel) classifier();
    UserDefinedFunction shap =
        udf(shapOf(TreeEnsemble.of(gbt)), DataTypes.createArrayType(DataTypes.DoubleType, false));
    return scored.withColumn(CONTRIBUTIONS, shap.apply(col(VECTOR), col(flag)));
  }

  /** Static so that no model is serialized with the function, only the flattened trees. */
  private static UDF2<Vector, Boolean, double[]> shapOf(TreeEnsemble ensemble) {
    return (vector, explain) -> {
      if (!Boolean.TRUE.equals(explain)) {
        return new double[0];
      }
      double[] phi = ensemble.shap(vector.toArray());
      for (int i = 0; i < phi.length; i++) {
        phi[i] *= 2;
      }
      return phi;
    };
  }

  /**
   * XGBoost's own exact TreeSHAP per row, in log-odds (its margin), computed natively while the
   * same pass scores: one value per slot (a slot per feature for tree families), then the bias.
   */
  private Dataset<Row> boosterContributions(Dataset<Row> features) {
    String contributions = TEMP + "booster_contributions";
    XGBoostClassificationModel booster =
        (XGBoostClassificationModel) classifier().copy(ParamMap.empty());
    booster.setContribPredictionCol(contributions);
    Transformer[] stages = pipeline.stages().clone();
    stages[stages.length - 1] = booster;
    Dataset<Row> scored = calibrated(features, new PipelineModel(pipeline.uid(), stages));
    return scored.withColumn(
        CONTRIBUTIONS,
        slice(vector_to_array(col(contributions), "float64"), 1, spec.slotFeatures().size()));
  }

  /** A scoring model around a trained booster, its columns named as this class reads them. */
  static XGBoostClassificationModel xgboost(Booster booster) {
    XGBoostClassificationModel m =
        new XGBoostClassificationModel(
            Identifiable.randomUID("xgboost"), 2, booster, Option.empty());
    m.setFeaturesCol(VECTOR);
    m.setProbabilityCol(PROBABILITY);
    m.setRawPredictionCol(TEMP + "raw");
    m.setPredictionCol(TEMP + "prediction");
    return m;
  }

  /** Coefficient × (value − training mean), summed over the slots of each feature. */
  private Dataset<Row> linearContributions(Dataset<Row> scored) {
    Column v = vector_to_array(col(VECTOR), "float64");
    List<String> features = spec.features();
    Column[] perFeature = new Column[features.size()];
    for (int f = 0; f < features.size(); f++) {
      Column sum = lit(0.0);
      for (int s = 0; s < spec.slotFeatures().size(); s++) {
        if (spec.slotFeatures().get(s).equals(features.get(f)) && spec.slotCoefficients()[s] != 0) {
          sum =
              sum.plus(
                  v.getItem(s).minus(spec.slotMeans()[s]).multiply(spec.slotCoefficients()[s]));
        }
      }
      perFeature[f] = sum;
    }
    return scored.withColumn(CONTRIBUTIONS, array(perFeature));
  }

  /**
   * The {@code k} largest positive contributions with the feature's value as text. The value and
   * name arrays are built once per row and paired with the contributions by {@code zip_with}, whose
   * lambdas see only their arguments (an array referenced inside a lambda would be rebuilt for
   * every element).
   */
  private Column reasons(StructType input, int k) {
    List<String> features = spec.features();
    Column[] names = new Column[features.size()];
    Column[] values = new Column[features.size()];
    for (int i = 0; i < features.size(); i++) {
      String f = features.get(i);
      DataType type = input.apply(f).dataType();
      // Doubles to 4 decimals by arithmetic (round() goes through BigDecimal: slow per row).
      Column text =
          type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)
              ? floor(col(f).multiply(10000).plus(0.5)).divide(10000.0).cast("string")
              : col(f).cast("string");
      names[i] = lit(f);
      values[i] = when(col(f).isNull(), lit("missing")).otherwise(text);
    }
    Column withValues =
        zip_with(
            col(CONTRIBUTIONS),
            array(values),
            (c, v) -> struct(c.as("contribution"), v.as("value")));
    Column ranked =
        zip_with(
            withValues,
            array(names),
            (cv, n) ->
                struct(
                    cv.getField("contribution").as("contribution"),
                    n.as("feature"),
                    cv.getField("value").as("value")));
    Column top =
        slice(sort_array(filter(ranked, r -> r.getField("contribution").gt(0)), false), 1, k);
    return transform(
            top,
            r ->
                struct(
                    r.getField("feature").as("feature"),
                    r.getField("value").as("value"),
                    r.getField("contribution").as("contribution")))
        .cast(REASON_TYPE);
  }

  Transformer classifier() {
    Transformer[] stages = pipeline.stages();
    return stages[stages.length - 1];
  }

  /** Writes the model under {@code uri}, replacing what is there. */
  public void save(SparkSession spark, String uri) {
    try {
      if (spec.family() == Family.XGBOOST) {
        // MLlib cannot write XGBoost's stage: the preprocessing as a pipeline, the booster natively
        Transformer[] stages = pipeline.stages();
        new PipelineModel(pipeline.uid(), Arrays.copyOf(stages, stages.length - 2))
            .write()
            .overwrite()
            .save(uri + "/pipeline");
        Path booster = new Path(uri + "/booster.json");
        FileSystem fs = booster.getFileSystem(spark.sessionState().newHadoopConf());
        try (OutputStream out = fs.create(booster, true)) {
          ((XGBoostClassificationModel) classifier()).nativeBooster().saveModel(out, "json");
        } catch (XGBoostError e) {
          throw new IOException("XGBoost could not write its booster: " + e.getMessage(), e);
        }
      } else {
        pipeline.write().overwrite().save(uri + "/pipeline");
      }
      if (isotonic != null) {
        isotonic.write().overwrite().save(uri + "/calibrator");
      }
      HadoopText.write(spark, uri + "/model.json", JSON.writeValueAsString(spec));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save model to " + uri, e);
    }
  }

  /** Reads a model saved by {@link #save}. */
  public static DelinquencyModel load(SparkSession spark, String uri) {
    try {
      Spec spec = JSON.readValue(HadoopText.read(spark, uri + "/model.json"), Spec.class);
      PipelineModel pipeline = PipelineModel.load(uri + "/pipeline");
      if (spec.family() == Family.XGBOOST) {
        Path path = new Path(uri + "/booster.json");
        FileSystem fs = path.getFileSystem(spark.sessionState().newHadoopConf());
        Booster booster;
        try (InputStream in = fs.open(path)) {
          booster = XGBoost.loadModel(in);
        } catch (XGBoostError e) {
          throw new IOException("XGBoost could not read " + path + ": " + e.getMessage(), e);
        }
        List<Transformer> stages = new ArrayList<>(Arrays.asList(pipeline.stages()));
        stages.add(new DenseVectors());
        stages.add(xgboost(booster));
        pipeline = new PipelineModel(pipeline.uid(), stages.toArray(Transformer[]::new));
      }
      IsotonicRegressionModel isotonic =
          Calibration.ISOTONIC.code().equals(spec.calibration())
              ? IsotonicRegressionModel.load(uri + "/calibrator")
              : null;
      return new DelinquencyModel(spec, pipeline, isotonic);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model at " + uri + ": " + e.getMessage(), e);
    }
  }
}
