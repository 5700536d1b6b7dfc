package io.callwise.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callwise.labels.Arm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A treatment-effect model: the calibrated probability of an outcome (a {@link
 * io.callwise.labels.OutcomeSpec}) under each {@link Arm}, so the effect of a call over a message
 * and of a message over no contact, per account and night.
 *
 * <ul>
 *   <li>{@link Estimator#T_LEARNER}: one classifier per arm, each trained and calibrated on the
 *       rows that received that arm.
 *   <li>{@link Estimator#S_LEARNER}: one classifier on all rows, the arm among its inputs (one
 *       indicator per arm but NONE), so trees can split on it where the effect differs; scored once
 *       per arm with the indicators set.
 * </ul>
 *
 * <p>Both assume the arm a past row received depends only on what the features record (no hidden
 * confounder), and that every arm had a chance for the kinds of account scored (overlap).
 */
public final class UpliftModel {

  /** How the per-arm probabilities are estimated. */
  public enum Estimator {
    T_LEARNER("t-learner"),
    S_LEARNER("s-learner");

    private final String id;

    Estimator(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Estimator of(String id) {
      for (Estimator e : values()) {
        if (e.id.equals(id)) {
          return e;
        }
      }
      throw new IllegalArgumentException(
          "unknown treatment-effect estimator '" + id + "'. Fix: use t-learner or s-learner.");
    }
  }

  /** The column of the arm indicator {@code a} among an S-learner's inputs. */
  public static String indicator(Arm a) {
    return "treated_" + a.name().toLowerCase(Locale.ROOT);
  }

  /** The arm indicators of an S-learner (NONE is the reference). */
  public static final List<Arm> INDICATED = List.of(Arm.CALL, Arm.MESSAGE);

  /** The column of the probability of the outcome under arm {@code a}, e.g. {@code p_call}. */
  public static String probability(Arm a) {
    return a.column("p");
  }

  /**
   * @param modelId registry id
   * @param outcome the 0/1 outcome it predicts
   * @param estimator t-learner or s-learner
   * @param family the classifier family of its models
   * @param featureCatalogVersion the feature catalog its features came from
   * @param features its input features (arm indicators excluded)
   * @param params what defines it, for reports
   */
  public record Spec(
      String modelId,
      String outcome,
      String estimator,
      String family,
      String featureCatalogVersion,
      List<String> features,
      Map<String, String> params) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Spec spec;
  private final Map<Arm, DelinquencyModel> models;

  /**
   * @param models a T-learner's model per arm; an S-learner's single model under every arm
   */
  public UpliftModel(Spec spec, Map<Arm, DelinquencyModel> models) {
    this.spec = spec;
    this.models = new EnumMap<>(models);
  }

  public Spec spec() {
    return spec;
  }

  public Estimator estimator() {
    return Estimator.of(spec.estimator());
  }

  /** The classifier scoring {@code arm}. */
  public DelinquencyModel model(Arm arm) {
    return models.get(arm);
  }

  /** Adds {@code p_call}, {@code p_message} and {@code p_none} to every row. */
  public Dataset<Row> score(Dataset<Row> rows) {
    Dataset<Row> out = rows;
    for (Arm arm : Arm.values()) {
      Dataset<Row> in = out;
      if (estimator() == Estimator.S_LEARNER) {
        for (Arm a : INDICATED) {
          in = in.withColumn(indicator(a), lit(a == arm ? 1.0 : 0.0));
        }
      }
      out =
          models
              .get(arm)
              .score(in)
              .withColumnRenamed(DelinquencyModel.PD, probability(arm))
              .drop(DelinquencyModel.PD_RAW);
      if (estimator() == Estimator.S_LEARNER) {
        out = out.drop(INDICATED.stream().map(UpliftModel::indicator).toArray(String[]::new));
      }
    }
    return out;
  }

  /** Writes the model under {@code uri}, replacing what is there. */
  public void save(SparkSession spark, String uri) {
    try {
      HadoopText.write(spark, uri + "/uplift.json", JSON.writeValueAsString(spec));
      if (estimator() == Estimator.S_LEARNER) {
        models.get(Arm.CALL).save(spark, uri + "/all");
      } else {
        for (Arm arm : Arm.values()) {
          models.get(arm).save(spark, uri + "/" + arm.name().toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the treatment-effect model to " + uri, e);
    }
  }

  /** Reads a model saved by {@link #save}. */
  public static UpliftModel load(SparkSession spark, String uri) {
    Spec spec;
    try {
      spec = JSON.readValue(HadoopText.read(spark, uri + "/uplift.json"), Spec.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the treatment-effect model at " + uri + ": " + e.getMessage(), e);
    }
    Map<Arm, DelinquencyModel> models = new EnumMap<>(Arm.class);
    if (Estimator.of(spec.estimator()) == Estimator.S_LEARNER) {
      DelinquencyModel all = DelinquencyModel.load(spark, uri + "/all");
      for (Arm arm : Arm.values()) {
        models.put(arm, all);
      }
    } else {
      for (Arm arm : Arm.values()) {
        models.put(
            arm, DelinquencyModel.load(spark, uri + "/" + arm.name().toLowerCase(Locale.ROOT)));
      }
    }
    return new UpliftModel(spec, models);
  }

  /** Every input column the model reads from a feature row. */
  public List<String> inputs() {
    List<String> out = new ArrayList<>(spec.features());
    return List.copyOf(out);
  }

  /** The probability columns, in arm order. */
  public static List<String> probabilities() {
    return java.util.Arrays.stream(Arm.values()).map(UpliftModel::probability).toList();
  }

  static org.apache.spark.sql.Column armIs(String treatmentColumn, Arm a) {
    return col(treatmentColumn).equalTo(a.name());
  }
}
