package io.callwise.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callwise.delinquency.Bucket;
import io.callwise.features.FeatureBuilder;
import io.callwise.features.FeatureCatalog;
import io.callwise.jobs.Callwise;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.runtime.Concurrently;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelBuilder;
import io.callwise.models.DelinquencyModel;
import io.callwise.models.HadoopText;
import io.callwise.models.Metrics;
import io.callwise.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train, models, promote and rollback on a real lake: a feature table with the catalog's schema and
 * a planted signal at 8 month ends, early_warning labels, and a ground-truth table. One test walks
 * the whole life of two models, since each step depends on the registry the previous left.
 */
class ModelJobsTest {

  @TempDir static Path dir;
  static SparkSession spark;
  static Lake lake;

  static final String[] SMALL_GRID = {
    "--conf", "callwise.models.gbt.max-iter=[15]",
    "--conf", "callwise.models.gbt.max-depth=[3]",
    "--conf", "callwise.models.logistic.reg-param=[0.001]",
    "--conf", "callwise.models.validation-share=0.3"
  };

  @BeforeAll
  static void lake() {
    spark = SparkTestSession.get();
    lake = Lake.at(dir.resolve("lake").toString());
    Random r = new Random(17);
    List<Row> rows = new ArrayList<>();
    List<Row> truth = new ArrayList<>();
    StructType signal =
        new StructType()
            .add("account_id", DataTypes.StringType)
            .add("as_of_date", DataTypes.DateType)
            .add("internal_score", DataTypes.IntegerType)
            .add("payments_90d", DataTypes.IntegerType)
            .add("product", DataTypes.StringType)
            .add("label_value", DataTypes.IntegerType);
    String[] products = {"CREDIT_LINE", "INSTALMENT", "PAY_LATER"};
    for (int a = 0; a < 700; a++) {
      double health = r.nextGaussian();
      String product = products[a % 3];
      LocalDate d = LocalDate.parse("2025-01-31");
      for (int m = 0;
          m < 8;
          m++, d = d.plusMonths(1).withDayOfMonth(1).plusMonths(1).minusDays(1)) {
        double h = health + 0.3 * r.nextGaussian();
        double p = 1 / (1 + Math.exp(-(-1.8 - 1.2 * h + ("PAY_LATER".equals(product) ? 0.4 : 0))));
        int score = (int) Math.round(600 + 80 * h + 40 * r.nextGaussian());
        rows.add(
            RowFactory.create(
                "A" + a,
                Date.valueOf(d),
                r.nextDouble() < 0.1 ? null : score,
                Math.max(0, (int) Math.round(2 + h + r.nextGaussian())),
                product,
                r.nextDouble() < p ? 1 : 0));
        truth.add(RowFactory.create("A" + a, Date.valueOf(d.withDayOfMonth(1)), p));
      }
    }
    Dataset<Row> base = spark.createDataFrame(rows, signal).cache();
    List<Column> columns = new ArrayList<>();
    for (StructField f : FeatureBuilder.schema().fields()) {
      if (Arrays.asList(signal.fieldNames()).contains(f.name())) {
        columns.add(col(f.name()).cast(f.dataType()).as(f.name()));
      } else if (f.name().equals("feature_catalog_version")) {
        columns.add(lit(FeatureCatalog.version()).as(f.name()));
      } else if (f.name().equals("dpd_current")) {
        columns.add(lit(0).as(f.name()));
      } else if (f.name().equals("dpd_bucket")) {
        columns.add(lit(Bucket.of(0).label()).as(f.name()));
      } else {
        columns.add(lit(null).cast(f.dataType()).as(f.name()));
      }
    }
    base.select(columns.toArray(Column[]::new))
        .write()
        .format("delta")
        .partitionBy("as_of_date")
        .save(Tables.ACCOUNT_FEATURES.path(lake));
    base.select(
            lit("early_warning").as("label"),
            col("account_id"),
            col("as_of_date"),
            lit(0).as("dpd_at_as_of"),
            lit(60).as("horizon_days"),
            org.apache.spark.sql.functions.date_add(col("as_of_date"), 60).as("observed_through"),
            lit(0).as("max_dpd_in_horizon"),
            col("label_value"))
        .select(
            Arrays.stream(LabelBuilder.SCHEMA.fields())
                .map(f -> col(f.name()).cast(f.dataType()))
                .toArray(Column[]::new))
        .write()
        .format("delta")
        .partitionBy("as_of_date")
        .save(Tables.ACCOUNT_LABELS.path(lake));
    spark
        .createDataFrame(
            truth,
            new StructType()
                .add("account_id", DataTypes.StringType)
                .add("month", DataTypes.DateType)
                .add("miss_probability", DataTypes.DoubleType))
        .write()
        .format("delta")
        .save(lake.truth("truth_monthly"));
  }

  record Outcome(int code, String err) {}

  static Outcome cli(String... args) {
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--root");
    all.add(lake.root());
    return new Outcome(
        Callwise.execute(new PrintWriter(err, true), all.toArray(String[]::new)), err.toString());
  }

  static Outcome train(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train", "--label", "early_warning", "--from", "2025-01-31", "--to", "2025-08-31"));
    args.addAll(Arrays.asList(SMALL_GRID));
    args.addAll(Arrays.asList(extra));
    return cli(args.toArray(String[]::new));
  }

  static ModelRegistry.Entry entry(String family) {
    return new ModelRegistry(spark, lake)
        .list().stream().filter(e -> e.family().equals(family)).findFirst().orElseThrow();
  }

  @Test
  void trainRegisterPromoteGateForceAndRollBack() throws Exception {
    Outcome trained = train();
    assertThat(trained.code()).as(trained.err()).isZero();
    ModelRegistry registry = new ModelRegistry(spark, lake);
    assertThat(registry.list()).hasSize(2);
    ModelRegistry.Entry gbt = entry("gbt");
    ModelRegistry.Entry logistic = entry("logistic");
    assertThat(gbt.status()).isEqualTo(ModelRegistry.CANDIDATE);
    // 8 month ends: the last 2 are out of time; June 30 + 60 days reaches July 31 (purged),
    // May 31 + 60 days does not
    assertThat(gbt.trainFrom()).isEqualTo(LocalDate.parse("2025-01-31"));
    assertThat(gbt.trainTo()).isEqualTo(LocalDate.parse("2025-05-31"));
    assertThat(gbt.ootFrom()).isEqualTo(LocalDate.parse("2025-07-31"));
    assertThat(gbt.featureCatalogVersion()).isEqualTo(FeatureCatalog.version());
    assertThat(gbt.features()).contains("internal_score", "payments_90d", "product");
    assertThat(gbt.metrics().get(Metrics.OOT_AUC)).isGreaterThan(0.7);
    assertThat(gbt.metrics().get(Metrics.TRUTH_AUC)).isGreaterThan(0.7);
    assertThat(gbt.metrics()).containsKeys(Metrics.AUC_TRUTH_RATIO, Metrics.SCORE_PSI);

    String html = HadoopText.read(spark, gbt.reportUri());
    assertThat(html).contains(gbt.modelId(), "<svg", "ROC (AUC", "Calibration by decile");
    JsonNode json =
        new ObjectMapper().readTree(HadoopText.read(spark, gbt.artifactUri() + "/metrics.json"));
    assertThat(json.get("metrics").get(Metrics.OOT_AUC).asDouble())
        .isEqualTo(gbt.metrics().get(Metrics.OOT_AUC));
    DelinquencyModel loaded = DelinquencyModel.load(spark, gbt.artifactUri());
    assertThat(loaded.spec().modelId()).isEqualTo(gbt.modelId());

    // the same training again replaces the same candidate
    assertThat(train("--family", "gbt").code()).isZero();
    assertThat(registry.list())
        .extracting(ModelRegistry.Entry::modelId)
        .containsExactlyInAnyOrder(gbt.modelId(), logistic.modelId());

    // first champion: no champion to compare with
    Outcome promoted = cli("promote", "--model", gbt.modelId());
    assertThat(promoted.code()).as(promoted.err()).isZero();
    assertThat(entry("gbt").status()).isEqualTo(ModelRegistry.CHAMPION);

    // a gate nobody passes refuses, names the check and the way out
    Outcome refused =
        cli(
            "promote",
            "--model",
            logistic.modelId(),
            "--conf",
            "callwise.models.promotion.max-auc-drop=-1");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("refused by the gate", "auc_vs_champion", "--force");
    assertThat(entry("gbt").status()).isEqualTo(ModelRegistry.CHAMPION);

    Outcome noReason = cli("promote", "--model", logistic.modelId(), "--force");
    assertThat(noReason.code()).isEqualTo(2);
    assertThat(noReason.err()).contains("--force needs --reason");

    Outcome forced =
        cli(
            "promote",
            "--model",
            logistic.modelId(),
            "--force",
            "--reason",
            "baseline for a month",
            "--conf",
            "callwise.models.promotion.max-auc-drop=-1");
    assertThat(forced.code()).as(forced.err()).isZero();
    ModelRegistry.Entry champion = entry("logistic");
    assertThat(champion.status()).isEqualTo(ModelRegistry.CHAMPION);
    ModelRegistry.Event event = champion.last("promoted").orElseThrow();
    assertThat(event.forced()).isTrue();
    assertThat(event.reason()).contains("auc_vs_champion", "baseline for a month");
    assertThat(event.otherModel()).isEqualTo(gbt.modelId());
    assertThat(entry("gbt").status()).isEqualTo(ModelRegistry.RETIRED);
    assertThat(registry.list().stream().filter(e -> e.status().equals(ModelRegistry.CHAMPION)))
        .hasSize(1);

    // retraining does not touch a promoted version
    assertThat(train("--family", "logistic").code()).isZero();
    assertThat(entry("logistic").status()).isEqualTo(ModelRegistry.CHAMPION);

    Outcome rolledBack = cli("rollback", "--label", "early_warning", "--reason", "complaints");
    assertThat(rolledBack.code()).as(rolledBack.err()).isZero();
    assertThat(entry("gbt").status()).isEqualTo(ModelRegistry.CHAMPION);
    assertThat(entry("logistic").status()).isEqualTo(ModelRegistry.RETIRED);
    assertThat(entry("gbt").last("restored").orElseThrow().reason()).isEqualTo("complaints");

    // gbt was the first champion: nothing earlier to restore
    Outcome nothing = cli("rollback", "--label", "early_warning", "--reason", "again");
    assertThat(nothing.code()).isEqualTo(1);
    assertThat(nothing.err()).contains("first champion");

    // the champion loads against today's feature table, and refuses a changed one by name
    Dataset<Row> features = Tables.ACCOUNT_FEATURES.read(spark, lake);
    assertThat(registry.loadChampion("early_warning", features, "features").spec().modelId())
        .isEqualTo(gbt.modelId());
    assertThatThrownBy(
            () ->
                registry.loadChampion(
                    "early_warning", features.drop("payments_90d"), "features at 2025-08-31"))
        .hasMessageContaining("cannot score features at 2025-08-31")
        .hasMessageContaining("[payments_90d]");
    assertThatThrownBy(
            () ->
                registry.loadChampion(
                    "early_warning",
                    features.withColumn("feature_catalog_version", lit("0123456789ab")),
                    "features"))
        .hasMessageContaining("feature_catalog_version [0123456789ab]");
    assertThatThrownBy(() -> registry.loadChampion("no_self_cure", features, "features"))
        .hasMessageContaining("no champion");

    Outcome unknown = cli("promote", "--model", "early_warning-gbt-00000000");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no model early_warning-gbt-00000000", "callwise models");

    // promotions racing in one JVM (the demo trains and promotes labels side by side) each read
    // the champion they retire with no other change in between: the same promotion asked twice at
    // once changes the registry once, and leaves one champion
    var thresholds = ModelConfig.thresholds(CallwiseConfig.defaults());
    for (int round = 0; round < 3; round++) {
      String next = entry("gbt").status().equals(ModelRegistry.CHAMPION) ? "logistic" : "gbt";
      String id = entry(next).modelId();
      List<Concurrently.Outcome<String, PromoteModelJob.Outcome>> raced =
          Concurrently.map(
              "race",
              List.of(id, id),
              2,
              m -> PromoteModelJob.promote(spark, lake, m, true, "race", thresholds));
      assertThat(raced).noneMatch(Concurrently.Outcome::failed);
      assertThat(raced)
          .extracting(o -> o.value().message())
          .anyMatch(m -> m.contains("is already the champion"));
      assertThat(entry(next).status()).isEqualTo(ModelRegistry.CHAMPION);
      assertThat(registry.list().stream().filter(e -> e.status().equals(ModelRegistry.CHAMPION)))
          .hasSize(1);
    }
  }

  @Test
  void trainingOutsideTheLabelledDatesIsRefused() {
    Outcome out =
        cli("train", "--label", "early_warning", "--from", "2026-01-31", "--to", "2026-03-31");
    assertThat(out.code()).isEqualTo(1);
    assertThat(out.err()).contains("no as-of date between 2026-01-31 and 2026-03-31", "Fix:");
    Outcome usage = cli("train", "--label", "nope", "--from", "2025-01-31", "--to", "2025-03-31");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).contains("--label 'nope'");
  }
}
