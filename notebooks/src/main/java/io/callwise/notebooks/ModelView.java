package io.callwise.notebooks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callwise.features.Snapshots;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.models.PromoteModelJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.models.DelinquencyModel;
import io.callwise.models.HadoopText;
import io.callwise.models.ModelEvaluation.Evaluation;
import io.callwise.models.ModelEvaluation.Importance;
import io.callwise.models.ScoreMetrics;
import io.callwise.policy.ScoringTables;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One registered delinquency model version as its training left it: the registry entry and the
 * out-of-time evaluation stored with its artifacts (metrics.json) drawn as ROC, KS, calibration,
 * lift, PSI and importance; the reason codes it gave on a scored night; one account's contributions
 * as a waterfall (the model re-explains the account's features); and a side-by-side comparison with
 * another version.
 */
public final class ModelView {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .findAndRegisterModules();

  private final SparkSession spark;
  private final Lake lake;
  private final ModelRegistry.Entry entry;
  private final Evaluation evaluation;

  private ModelView(
      SparkSession spark, Lake lake, ModelRegistry.Entry entry, Evaluation evaluation) {
    this.spark = spark;
    this.lake = lake;
    this.entry = entry;
    this.evaluation = evaluation;
  }

  /** {@code modelId}, or {@code champion:LABEL} for that label's champion. */
  static ModelView of(SparkSession spark, Lake lake, String modelId) {
    ModelRegistry registry = new ModelRegistry(spark, lake);
    ModelRegistry.Entry entry =
        modelId.startsWith("champion:")
            ? registry.requireChampion(modelId.substring("champion:".length()))
            : registry
                .find(modelId)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no model "
                                + modelId
                                + " in "
                                + registry.path()
                                + "; bin/callwise models lists the registered ones"));
    if (entry.label().startsWith(PromoteModelJob.UPLIFT_PREFIX)) {
      throw new IllegalArgumentException(
          modelId
              + " is a treatment-effect model ("
              + entry.label()
              + "); its report is "
              + entry.reportUri());
    }
    String uri = entry.artifactUri() + "/metrics.json";
    JsonNode node;
    try {
      node = JSON.readTree(HadoopText.read(spark, uri));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
    if (!node.has("evaluation")) {
      throw new IllegalArgumentException(
          uri + " has no out-of-time evaluation: " + modelId + " is not a delinquency model");
    }
    try {
      return new ModelView(
          spark, lake, entry, JSON.treeToValue(node.get("evaluation"), Evaluation.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the evaluation in " + uri, e);
    }
  }

  /** The registered versions, newest first: id, label, family, status and out-of-time metrics. */
  static HtmlTable registry(SparkSession spark, Lake lake) {
    List<List<Object>> rows = new ArrayList<>();
    List<ModelRegistry.Entry> entries = new ArrayList<>(new ModelRegistry(spark, lake).list());
    entries.sort(Comparator.comparing(ModelRegistry.Entry::createdAt).reversed());
    for (ModelRegistry.Entry e : entries) {
      rows.add(
          Arrays.asList(
              e.modelId(),
              e.label(),
              e.family(),
              e.status(),
              e.trainFrom() + " .. " + e.trainTo(),
              e.ootFrom() + " .. " + e.ootTo(),
              e.metrics().get("oot_auc"),
              e.metrics().get("oot_ks"),
              e.metrics().get("score_psi")));
    }
    return HtmlTable.of(
        "Model registry",
        List.of(
            "model_id",
            "label",
            "family",
            "status",
            "train",
            "out of time",
            "oot_auc",
            "oot_ks",
            "score_psi"),
        rows);
  }

  /** The newest other registered version of the same label, to compare with. */
  public java.util.Optional<String> newestOtherVersion() {
    return new ModelRegistry(spark, lake)
        .list().stream()
            .filter(e -> e.label().equals(entry.label()) && !e.modelId().equals(entry.modelId()))
            .max(Comparator.comparing(ModelRegistry.Entry::createdAt))
            .map(ModelRegistry.Entry::modelId);
  }

  public ModelRegistry.Entry entry() {
    return entry;
  }

  public Evaluation evaluation() {
    return evaluation;
  }

  public String modelId() {
    return entry.modelId();
  }

  /** The flat metrics the registry holds for this version. */
  public HtmlTable metrics() {
    List<List<Object>> rows = new ArrayList<>();
    entry.metrics().forEach((k, v) -> rows.add(Arrays.asList(k, v)));
    return HtmlTable.of(
        entry.modelId() + " (" + entry.status() + ")", List.of("metric", "value"), rows);
  }

  /** The metrics of this version and {@code other} side by side, with the difference. */
  public HtmlTable compare(ModelView other) {
    Set<String> names = new LinkedHashSet<>(entry.metrics().keySet());
    names.addAll(other.entry.metrics().keySet());
    List<List<Object>> rows = new ArrayList<>();
    for (String n : names) {
      Double a = entry.metrics().get(n);
      Double b = other.entry.metrics().get(n);
      rows.add(Arrays.asList(n, a, b, a == null || b == null ? null : b - a));
    }
    return HtmlTable.of(
        "Metrics side by side",
        List.of(
            "metric",
            entry.modelId() + " (" + entry.status() + ")",
            other.entry.modelId() + " (" + other.entry.status() + ")",
            "difference"),
        rows);
  }

  private Charts.Line rocLine(String name) {
    List<ScoreMetrics.CurvePoint> roc = evaluation.roc();
    return Charts.Line.of(
        name,
        roc.stream().mapToDouble(ScoreMetrics.CurvePoint::fpr).toArray(),
        roc.stream().mapToDouble(ScoreMetrics.CurvePoint::tpr).toArray());
  }

  public BufferedImage roc() {
    return Charts.lines(
        String.format(
            Locale.ROOT,
            "ROC out of time, %s (AUC %.3f)",
            entry.modelId(),
            evaluation.outOfTime().auc()),
        "false positive rate",
        "true positive rate",
        "0.0",
        "0.0",
        List.of(rocLine("model"), Charts.Line.diagonal("random", 1)));
  }

  /** Both versions' out-of-time ROC on one chart. */
  public BufferedImage compareRoc(ModelView other) {
    return Charts.lines(
        "ROC out of time",
        "false positive rate",
        "true positive rate",
        "0.0",
        "0.0",
        List.of(
            rocLine(
                String.format(
                    Locale.ROOT, "%s (AUC %.3f)", modelId(), evaluation.outOfTime().auc())),
            other.rocLine(
                String.format(
                    Locale.ROOT,
                    "%s (AUC %.3f)",
                    other.modelId(),
                    other.evaluation.outOfTime().auc())),
            Charts.Line.diagonal("random", 1)));
  }

  public BufferedImage ks() {
    List<ScoreMetrics.CurvePoint> roc = evaluation.roc();
    double[] share = roc.stream().mapToDouble(ScoreMetrics.CurvePoint::share).toArray();
    return Charts.lines(
        String.format(Locale.ROOT, "KS out of time (KS %.3f)", evaluation.outOfTime().ks()),
        "share of accounts, highest PD first",
        "cumulative share",
        "0.0",
        "0.0",
        List.of(
            Charts.Line.of(
                "events", share, roc.stream().mapToDouble(ScoreMetrics.CurvePoint::tpr).toArray()),
            Charts.Line.of(
                "non-events",
                share,
                roc.stream().mapToDouble(ScoreMetrics.CurvePoint::fpr).toArray())));
  }

  /** Predicted against observed by decile, before (raw) and after calibration. */
  public BufferedImage calibration() {
    double max = 0;
    for (ScoreMetrics.Decile d : evaluation.deciles()) {
      max = Math.max(max, Math.max(d.meanScore(), d.eventRate()));
    }
    for (ScoreMetrics.Decile d : evaluation.decilesRaw()) {
      max = Math.max(max, Math.max(d.meanScore(), d.eventRate()));
    }
    return Charts.lines(
        "Calibration out of time, by decile",
        "mean predicted PD",
        "observed event rate",
        "0.00",
        "0.00",
        List.of(
            decileLine("calibrated", evaluation.deciles()),
            decileLine("raw", evaluation.decilesRaw()),
            Charts.Line.diagonal("perfect", Math.min(1, max * 1.05 + 1e-6))));
  }

  /** One point per decile, from the lowest mean PD to the highest. */
  private static Charts.Line decileLine(String name, List<ScoreMetrics.Decile> deciles) {
    List<ScoreMetrics.Decile> sorted =
        deciles.stream()
            .sorted(Comparator.comparingDouble(ScoreMetrics.Decile::meanScore))
            .toList();
    return Charts.Line.of(
        name,
        sorted.stream().mapToDouble(ScoreMetrics.Decile::meanScore).toArray(),
        sorted.stream().mapToDouble(ScoreMetrics.Decile::eventRate).toArray());
  }

  public BufferedImage lift() {
    List<String> deciles = new ArrayList<>();
    List<Double> lift = new ArrayList<>();
    for (ScoreMetrics.Decile d : evaluation.deciles()) {
      deciles.add(String.valueOf(d.decile()));
      lift.add(d.lift());
    }
    return Charts.bars(
        "Lift by decile out of time",
        "decile (1 = highest PD)",
        "event rate / overall rate",
        "0.0",
        List.of(new Charts.Bars("lift", deciles, lift)));
  }

  /** Score distribution shift from training to out of time, by score bin. */
  public BufferedImage psi() {
    List<String> bins = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    List<Double> actual = new ArrayList<>();
    for (ScoreMetrics.PsiBin b : evaluation.psi()) {
      bins.add(String.format(Locale.ROOT, "%.3f", b.lowerBound()));
      expected.add(b.expectedShare());
      actual.add(b.actualShare());
    }
    return Charts.bars(
        String.format(
            Locale.ROOT, "Score PSI, training to out of time: %.4f", evaluation.scorePsi()),
        "PD bin (lower bound)",
        "share of accounts",
        "0.00",
        List.of(
            new Charts.Bars("training", bins, expected),
            new Charts.Bars("out of time", bins, actual)));
  }

  public HtmlTable segments() {
    List<List<Object>> rows = new ArrayList<>();
    for (ScoreMetrics.SegmentAuc s : evaluation.segments()) {
      rows.add(Arrays.asList(s.segment(), s.value(), s.rows(), s.events(), s.auc()));
    }
    return HtmlTable.of(
        "AUC by segment, out of time", List.of("segment", "value", "rows", "events", "auc"), rows);
  }

  public BufferedImage importance(int top) {
    List<Importance> list =
        evaluation.importance().subList(0, Math.min(top, evaluation.importance().size()));
    return Charts.bars(
        "Feature importance (mean |contribution|, log-odds)",
        "",
        "mean absolute contribution",
        "0.000",
        List.of(
            new Charts.Bars(
                "importance",
                list.stream().map(Importance::feature).toList(),
                list.stream().map(Importance::meanAbsContribution).toList())));
  }

  /** The decisions of the night of {@code scoreDate} whose PD this version gave. */
  private Dataset<Row> scoredBy(LocalDate scoreDate) {
    return Tables.ACCOUNT_SCORES
        .read(spark, lake)
        .filter(
            col(ScoringTables.SCORE_DATE)
                .equalTo(lit(Date.valueOf(scoreDate)))
                .and(col("model_id").equalTo(entry.modelId())));
  }

  /**
   * The reason codes this version gave on the night of {@code scoreDate}: how often each feature
   * was among an account's top reasons, and its mean contribution there. Only the accounts the
   * policy may contact are explained (docs/SCORING.md), so current low-risk accounts are not in it.
   */
  public HtmlTable reasonCodes(LocalDate scoreDate, int top) {
    Dataset<Row> reasons =
        scoredBy(scoreDate)
            .select(col("account_id"), explode(col("reasons")).as("r"))
            .groupBy(col("r.feature").as("feature"))
            .agg(
                count("*").as("times_in_top_reasons"),
                countDistinct("account_id").as("accounts"),
                org.apache.spark.sql.functions.avg("r.contribution").as("mean_contribution"))
            .orderBy(desc("times_in_top_reasons"), col("feature"));
    return HtmlTable.of(
        "Most frequent reason codes of " + entry.modelId() + " on " + scoreDate, reasons, top);
  }

  /**
   * The account this version gave the highest PD on the night of {@code scoreDate}: a default for
   * the waterfall.
   */
  public String riskiestAccount(LocalDate scoreDate) {
    List<Row> top =
        scoredBy(scoreDate)
            .orderBy(desc("pd"), col("account_id"))
            .select("account_id")
            .limit(1)
            .collectAsList();
    if (top.isEmpty()) {
      throw new IllegalArgumentException(
          entry.modelId() + " scored no account on " + scoreDate + " (account_scores)");
    }
    return top.get(0).getString(0);
  }

  /** One account's contributions, largest first, as the model explains its features at a date. */
  public record Contributions(
      String accountId, LocalDate asOf, double pdRaw, double pd, Map<String, Double> byFeature) {}

  public Contributions contributions(String accountId, LocalDate asOf) {
    Dataset<Row> features =
        Tables.ACCOUNT_FEATURES
            .read(spark, lake)
            .filter(
                col(Snapshots.AS_OF_DATE)
                    .equalTo(lit(Date.valueOf(asOf)))
                    .and(col("account_id").equalTo(accountId)));
    DelinquencyModel model = DelinquencyModel.load(spark, entry.artifactUri());
    List<Row> rows =
        model.explain(features, 3).select("pd_raw", "pd", "contributions").collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          "no features for account "
              + accountId
              + " at "
              + asOf
              + " in "
              + Tables.ACCOUNT_FEATURES.path(lake));
    }
    Row r = rows.get(0);
    List<Double> values = r.getList(2);
    List<String> names = model.spec().features();
    java.util.LinkedHashMap<String, Double> byFeature = new java.util.LinkedHashMap<>();
    Integer[] order = new Integer[names.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> -Math.abs(values.get(i))));
    for (int i : order) {
      byFeature.put(names.get(i), values.get(i));
    }
    return new Contributions(accountId, asOf, r.getDouble(0), r.getDouble(1), byFeature);
  }

  /**
   * A waterfall of one account's log-odds: the model's base, its {@code top} largest contributions,
   * the rest summed, ending at the raw score's log-odds.
   */
  public BufferedImage waterfall(String accountId, LocalDate asOf, int top) {
    Contributions c = contributions(accountId, asOf);
    double total = Math.log(c.pdRaw() / (1 - c.pdRaw()));
    List<String> labels = new ArrayList<>();
    List<Double> steps = new ArrayList<>();
    double rest = 0;
    int i = 0;
    double sum = 0;
    for (Map.Entry<String, Double> e : c.byFeature().entrySet()) {
      sum += e.getValue();
      if (i++ < top) {
        labels.add(e.getKey());
        steps.add(e.getValue());
      } else {
        rest += e.getValue();
      }
    }
    if (c.byFeature().size() > top) {
      labels.add((c.byFeature().size() - top) + " other features");
      steps.add(rest);
    }
    return Charts.waterfall(
        String.format(
            Locale.ROOT, "%s at %s: PD %.3f (raw %.3f)", accountId, asOf, c.pd(), c.pdRaw()),
        "log-odds of the raw score",
        "base",
        total - sum,
        labels,
        steps.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
