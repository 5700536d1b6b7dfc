package io.callwise.notebooks;

import static org.apache.spark.sql.functions.max;

import com.typesafe.config.Config;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.runtime.SparkSessions;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.LakeTable;
import io.callwise.jobs.storage.Tables;
import io.callwise.policy.ScoringTables;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a notebook's first cell opens: a local Spark session with Delta (callwise's own settings) on
 * a storage root, and the views of the book, a model version and a night's decisions.
 *
 * <p>Parameters come from the first cell; {@link #param} lets a scheduler or the test run set them
 * from the environment ({@code CALLWISE_ROOT}, {@code CALLWISE_DATE}, {@code CALLWISE_MODEL_ID})
 * without editing the notebook.
 */
public final class Notebook {

  /** The value that stands for "the latest date the lake has". */
  public static final String LATEST = "latest";

  private final SparkSession spark;
  private final Lake lake;

  private Notebook(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
  }

  /**
   * The environment variable {@code CALLWISE_<NAME>} (upper case) if set and not blank, else {@code
   * fallback}.
   */
  public static String param(String name, String fallback) {
    return param(System.getenv(), name, fallback);
  }

  static String param(Map<String, String> env, String name, String fallback) {
    String value = env.get("CALLWISE_" + name.toUpperCase(java.util.Locale.ROOT));
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /**
   * Opens a local Spark session (or joins the one already open) on the storage root: a local folder
   * or {@code s3a://bucket/prefix}, configured as for bin/callwise ({@code conf/callwise.conf},
   * {@code -Dspark.*}).
   */
  public static Notebook open(String root) {
    Config config = CallwiseConfig.defaults();
    SparkSession spark = SparkSessions.open(config, "callwise-notebook");
    spark.sparkContext().setLogLevel("ERROR");
    return new Notebook(spark, Lake.at(root));
  }

  public SparkSession spark() {
    return spark;
  }

  public Lake lake() {
    return lake;
  }

  /** {@code date} as a date, or for {@value #LATEST} the latest as-of date the features have. */
  public LocalDate featureDate(String date) {
    return resolve(date, Tables.ACCOUNT_FEATURES, "as_of_date");
  }

  /** {@code date} as a date, or for {@value #LATEST} the latest scored date. */
  public LocalDate scoreDate(String date) {
    return resolve(date, Tables.ACCOUNT_SCORES, ScoringTables.SCORE_DATE);
  }

  private LocalDate resolve(String date, LakeTable table, String column) {
    if (!LATEST.equalsIgnoreCase(date)) {
      return LocalDate.parse(date);
    }
    if (!table.exists(spark, lake)) {
      throw new IllegalStateException(
          "no table at "
              + table.path(lake)
              + ": run the jobs first (bin/callwise demo, or nightly) or set the storage root");
    }
    Row latest = table.read(spark, lake).agg(max(column)).first();
    if (latest.isNullAt(0)) {
      throw new IllegalStateException(table.path(lake) + " has no rows");
    }
    return latest.getDate(0).toLocalDate();
  }

  public BookView book() {
    return new BookView(spark, lake);
  }

  /** Every registered model version, newest first, with its out-of-time metrics. */
  public HtmlTable registry() {
    return ModelView.registry(spark, lake);
  }

  /** The model version {@code modelId}, or for "champion:LABEL" that label's champion. */
  public ModelView model(String modelId) {
    return ModelView.of(spark, lake, modelId);
  }

  public DecisionView decisions(LocalDate scoreDate) {
    return new DecisionView(spark, lake, scoreDate);
  }
}
