package io.callwise.jobs.models;

import static org.apache.spark.sql.functions.col;

import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.models.DelinquencyModel;
import io.callwise.models.FeatureSchemaMismatchException;
import io.callwise.models.UpliftModel;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The model registry: one row per model version in the Delta table {@code {root}/models/registry},
 * with its status (candidate, champion, retired) and the history of its status changes. Every
 * change — a registration, a promotion with the retirement it causes, a rollback — is one MERGE, so
 * the table never shows two champions of a label.
 */
public final class ModelRegistry {

  public static final String CANDIDATE = ModelStatus.CANDIDATE.code();
  public static final String CHAMPION = ModelStatus.CHAMPION.code();
  public static final String RETIRED = ModelStatus.RETIRED.code();

  /** A status change or registration, kept in the model's history. */
  public record Event(
      Timestamp at,
      String action,
      String status,
      String otherModel,
      boolean forced,
      String reason) {}

  /** One registered model version. */
  public record Entry(
      String modelId,
      String label,
      String family,
      String status,
      Timestamp createdAt,
      LocalDate trainFrom,
      LocalDate trainTo,
      LocalDate ootFrom,
      LocalDate ootTo,
      String featureCatalogVersion,
      String featureSchemaHash,
      List<String> features,
      Map<String, String> params,
      Map<String, Double> metrics,
      String artifactUri,
      String reportUri,
      List<Event> history) {

    public Entry withStatus(String newStatus, Event event) {
      List<Event> h = new ArrayList<>(history);
      h.add(event);
      return new Entry(
          modelId,
          label,
          family,
          newStatus,
          createdAt,
          trainFrom,
          trainTo,
          ootFrom,
          ootTo,
          featureCatalogVersion,
          featureSchemaHash,
          features,
          params,
          metrics,
          artifactUri,
          reportUri,
          List.copyOf(h));
    }

    /** The last event with {@code action}, if any. */
    public Optional<Event> last(String action) {
      for (int i = history.size() - 1; i >= 0; i--) {
        if (history.get(i).action().equals(action)) {
          return Optional.of(history.get(i));
        }
      }
      return Optional.empty();
    }

    Row toRow() {
      List<Row> events = new ArrayList<>();
      for (Event e : history) {
        events.add(
            RowFactory.create(
                e.at(), e.action(), e.status(), e.otherModel(), e.forced(), e.reason()));
      }
      return RowFactory.create(
          modelId,
          label,
          family,
          status,
          createdAt,
          Date.valueOf(trainFrom),
          Date.valueOf(trainTo),
          Date.valueOf(ootFrom),
          Date.valueOf(ootTo),
          featureCatalogVersion,
          featureSchemaHash,
          CollectionConverters.asScala(features).toSeq(),
          scala.collection.immutable.Map.from(CollectionConverters.asScala(params)),
          scala.collection.immutable.Map.from(CollectionConverters.asScala(metrics)),
          artifactUri,
          reportUri,
          CollectionConverters.asScala(events).toSeq());
    }

    static Entry of(Row r) {
      List<Event> events = new ArrayList<>();
      for (Row e : r.<Row>getList(r.fieldIndex("history"))) {
        events.add(
            new Event(
                e.getTimestamp(0),
                e.getString(1),
                e.getString(2),
                e.getString(3),
                e.getBoolean(4),
                e.getString(5)));
      }
      return new Entry(
          r.getString(0),
          r.getString(1),
          r.getString(2),
          r.getString(3),
          r.getTimestamp(4),
          r.getDate(5).toLocalDate(),
          r.getDate(6).toLocalDate(),
          r.getDate(7).toLocalDate(),
          r.getDate(8).toLocalDate(),
          r.getString(9),
          r.getString(10),
          List.copyOf(r.<String>getList(11)),
          new LinkedHashMap<>(r.<String, String>getJavaMap(12)),
          new LinkedHashMap<>(r.<String, Double>getJavaMap(13)),
          r.getString(14),
          r.getString(15),
          List.copyOf(events));
    }
  }

  private final SparkSession spark;
  private final Lake lake;
  private final String path;

  public ModelRegistry(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
    this.path = Tables.MODEL_REGISTRY.path(lake);
  }

  public String path() {
    return path;
  }

  /** Every registered version, oldest first (the registry is small: one row per version). */
  public List<Entry> list() {
    if (!Tables.MODEL_REGISTRY.exists(spark, lake)) {
      return List.of();
    }
    return Tables.MODEL_REGISTRY
        .read(spark, lake)
        .orderBy("created_at", "model_id")
        .collectAsList()
        .stream()
        .map(Entry::of)
        .toList();
  }

  public Optional<Entry> find(String modelId) {
    return list().stream().filter(e -> e.modelId().equals(modelId)).findFirst();
  }

  public Optional<Entry> champion(String label) {
    return list().stream()
        .filter(e -> e.label().equals(label) && e.status().equals(CHAMPION))
        .findFirst();
  }

  /** The champion of {@code label}; fails, with the fix, when it has none. */
  public Entry requireChampion(String label) {
    return champion(label)
        .orElseThrow(
            () ->
                new JobFailedException(
                    "label "
                        + label
                        + " has no champion model in "
                        + path
                        + ". Fix: train one ("
                        + (label.startsWith(PromoteModelJob.UPLIFT_PREFIX)
                            ? "callwise train-uplift --outcome "
                                + label.substring(PromoteModelJob.UPLIFT_PREFIX.length())
                            : "callwise train --label " + label)
                        + ") and promote it (callwise promote --model ID)."));
  }

  /**
   * The champion of {@code label}, loaded and checked against the feature rows it is to score
   * ({@code where} names them in errors): fails when there is no champion, or when the rows lack
   * its features, have them with other types or come from another feature catalog.
   */
  public DelinquencyModel loadChampion(String label, Dataset<Row> features, String where) {
    Entry champion = requireChampion(label);
    DelinquencyModel model = DelinquencyModel.load(spark, champion.artifactUri());
    List<String> versions =
        features.select("feature_catalog_version").distinct().collectAsList().stream()
            .map(r -> r.getString(0))
            .toList();
    try {
      model.checkFeatures(features.schema(), versions, where);
    } catch (FeatureSchemaMismatchException e) {
      throw new JobFailedException(e.getMessage());
    }
    return model;
  }

  /**
   * The champion treatment-effect model of {@code label}, checked against the feature rows it is to
   * score: fails when there is none or the rows lack its features or come from another catalog.
   */
  public UpliftModel loadUpliftChampion(String label, Dataset<Row> features, String where) {
    Entry champion = requireChampion(label);
    UpliftModel model = UpliftModel.load(spark, champion.artifactUri());
    List<String> missing =
        model.spec().features().stream()
            .filter(f -> !java.util.Arrays.asList(features.columns()).contains(f))
            .toList();
    List<String> versions =
        features.select("feature_catalog_version").distinct().collectAsList().stream()
            .map(r -> r.getString(0))
            .filter(v -> !v.equals(model.spec().featureCatalogVersion()))
            .toList();
    if (!missing.isEmpty() || !versions.isEmpty()) {
      throw new JobFailedException(
          "treatment-effect model "
              + champion.modelId()
              + " cannot score "
              + where
              + ": "
              + (missing.isEmpty() ? "" : "missing feature column(s) " + missing + "; ")
              + (versions.isEmpty()
                  ? ""
                  : "feature_catalog_version "
                      + versions
                      + " differs from the model's "
                      + model.spec().featureCatalogVersion())
              + ". Fix: train and promote a treatment-effect model on the current features"
              + " (callwise train-uplift).");
    }
    return model;
  }

  /**
   * Runs a read-modify-write of the registry with no other change of the same registry in this JVM
   * in between: a promotion reads the label's champion and writes its retirement, and two threads
   * of one process (a notebook, a library caller) may promote at once. Another process's commit in
   * between is still refused by Delta's conflict check of the MERGE.
   */
  public <T> T exclusively(Supplier<T> change) {
    synchronized (LOCKS.computeIfAbsent(path(), p -> new Object())) {
      return change.get();
    }
  }

  /** One lock per registry table in this JVM; see {@link #exclusively}. */
  private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();

  /** Inserts new versions and replaces changed ones, in one commit. */
  public void upsert(List<Entry> entries) {
    exclusively(
        () -> {
          merge(entries);
          return null;
        });
  }

  private void merge(List<Entry> entries) {
    Tables.MODEL_REGISTRY.ensure(spark, lake);
    List<Row> rows = entries.stream().map(Entry::toRow).toList();
    Tables.MODEL_REGISTRY.aboutToWrite(spark, lake);
    Tables.MODEL_REGISTRY
        .delta(spark, lake)
        .as("r")
        .merge(
            spark.createDataFrame(rows, Tables.MODEL_REGISTRY.schema()).as("u"),
            col("r.model_id").equalTo(col("u.model_id")))
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
    Tables.MODEL_REGISTRY.wrote(spark, lake);
  }
}
