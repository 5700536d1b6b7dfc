package io.callwise.jobs.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.Codes.PaymentStatus;
import io.callwise.contract.RawTables;
import io.callwise.features.FeatureBuilder;
import io.callwise.features.FeatureInputs;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import io.callwise.ingest.LakeTables;
import io.callwise.ingest.RawInput;
import io.callwise.ingest.RecordValidator;
import io.callwise.jobs.Callwise;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.LakeTable;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelBuilder;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.TreatmentOutcomes;
import io.callwise.synth.SimulationParams;
import io.callwise.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * features, labels and portfolio on a real lake (a small synthetic book, generated and ingested):
 * re-runs replace and never duplicate, backfill and nightly agree, uncovered dates are refused, and
 * the feature table's schema evolves as documented; the DPD history kept between runs, after new,
 * re-delivered and shrunk batches, gives the features of the whole history.
 */
class FeatureJobsTest {

  @TempDir static Path dir;
  static SparkSession spark;
  static Lake lake;
  static final SimulationParams PARAMS =
      new SimulationParams(5, 150, LocalDate.parse("2025-01-01"), 5, 0);

  @BeforeAll
  static void lake() {
    spark = SparkTestSession.get();
    lake = book("lake", PARAMS);
  }

  /** A lake under {@code dir/name} holding the synthetic book {@code params}, ingested. */
  static Lake book(String name, SimulationParams params) {
    Lake at = Lake.at(dir.resolve(name).toString());
    String landing = at.landing("b1");
    GenerateJob.run(spark, new GenerateJob.Options(params, landing, at.root() + "/truth", 2));
    IngestJob.run(
        spark, at, IngestOptions.syntheticExport(CallwiseConfig.defaults(), landing, "b1", params));
    return at;
  }

  record Outcome(int code, String err) {}

  static Outcome cli(String... args) {
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--root";
    all[args.length + 1] = lake.root();
    return new Outcome(Callwise.execute(new PrintWriter(err, true), all), err.toString());
  }

  static Dataset<Row> features(String date) {
    return Tables.ACCOUNT_FEATURES
        .read(spark, lake)
        .filter(col("as_of_date").equalTo(Snapshots.date(LocalDate.parse(date))));
  }

  static final LocalDate STATE_DATE = LocalDate.parse("2025-05-31");

  static BuildFeaturesJob.Report featuresJob(Lake at, LocalDate date) {
    return BuildFeaturesJob.run(
        spark, at, new BuildFeaturesJob.Options(Snapshots.of(date), 1_000_000));
  }

  static Dataset<Row> storedFeatures(Lake at, LocalDate date) {
    return Tables.ACCOUNT_FEATURES
        .read(spark, at)
        .filter(col(Snapshots.AS_OF_DATE).equalTo(Snapshots.date(date)));
  }

  /**
   * The features computed from bronze without the state: with the history cut as a run for {@code
   * date} alone cuts it ({@code cut}), or whole.
   */
  static Dataset<Row> direct(Lake at, LocalDate date, boolean cut) {
    Snapshots s = Snapshots.of(date);
    FeatureInputs in =
        BronzeInputs.forFeatures(
            spark,
            at,
            Bronze.coverage(spark, at),
            s,
            1_000_000,
            DelinquencyStore.latestVersions(spark, at));
    LocalDate exactFrom =
        cut ? FeatureBuilder.exactFrom(s, Bronze.firstMonth(spark, at, "instalments")) : null;
    return FeatureBuilder.build(new FeatureSources(in, exactFrom, false), s);
  }

  static void assertSameAsDirect(Lake at, LocalDate date, boolean cut) {
    Dataset<Row> want = direct(at, date, cut).localCheckpoint();
    Dataset<Row> got = storedFeatures(at, date).select(want.columns()[0], tail(want.columns()));
    assertThat(got.count()).isEqualTo(want.count());
    assertThat(got.exceptAll(want).count()).isZero();
    assertThat(want.exceptAll(got).count()).isZero();
  }

  static String[] tail(String[] columns) {
    String[] out = new String[columns.length - 1];
    System.arraycopy(columns, 1, out, 0, out.length);
    return out;
  }

  /**
   * Copies of the successful payments of {@code accounts} accounts made in [{@code from}, {@code
   * to}), two days on.
   */
  static Dataset<Row> extraPayments(Lake at, int accounts, String from, String to) {
    Dataset<Row> payments =
        Bronze.table(spark, at, RawTables.REPAYMENTS)
            .filter(
                col("status")
                    .equalTo(PaymentStatus.SUCCEEDED.name())
                    .and(col("paid_at").geq(lit(from).cast("timestamp")))
                    .and(col("paid_at").lt(lit(to).cast("timestamp"))));
    Dataset<Row> chosen =
        payments.select("account_id").distinct().orderBy("account_id").limit(accounts);
    return payments
        .join(chosen, "account_id")
        .withColumn("repayment_id", concat(col("repayment_id"), lit("-b2")))
        .withColumn("paid_at", expr("paid_at + INTERVAL 2 DAYS"))
        .select(
            RawTables.REPAYMENTS.columnNames().stream()
                .map(c -> col(c))
                .toArray(org.apache.spark.sql.Column[]::new));
  }

  /**
   * Writes {@code rows} as batch b2 of bronze repayments, as ingest does (one replacing commit).
   */
  static void writeBatch(Lake at, Dataset<Row> rows) {
    Tables.bronze(RawTables.REPAYMENTS)
        .replace(
            spark,
            at,
            LakeTables.toBronze(
                RawTables.REPAYMENTS,
                rows.withColumn(RecordValidator.REASON_CODE, lit(null).cast("string"))
                    .withColumn(RecordValidator.REASON_DETAIL, lit(null).cast("string"))
                    .withColumn(RawInput.RAW_RECORD, lit(null).cast("string")),
                "b2",
                Instant.now()),
            LakeTables.BATCH_ID + " = 'b2'");
  }

  @Test
  void keptDelinquencyHistoryGivesTheFeaturesOfTheWholeHistory() {
    featuresJob(lake, STATE_DATE);
    Dataset<Row> before = storedFeatures(lake, STATE_DATE).localCheckpoint();

    // A new batch for ten accounts: only they are recomputed, and their features change.
    writeBatch(lake, extraPayments(lake, 10, "2025-04-01", "2025-05-20"));
    assertThat(featuresJob(lake, STATE_DATE).history())
        .contains("10 accounts recomputed")
        .contains("1 new, 0 re-ingested, 0 removed");
    assertSameAsDirect(lake, STATE_DATE, true);
    assertThat(storedFeatures(lake, STATE_DATE).exceptAll(before).count()).isBetween(1L, 10L);

    // Re-delivered with five of the accounts: the five dropped are recomputed from their rows at
    // the version the state read, so their extra payments leave the features.
    writeBatch(lake, extraPayments(lake, 5, "2025-04-01", "2025-05-20"));
    assertThat(featuresJob(lake, STATE_DATE).history())
        .contains("10 accounts recomputed")
        .contains("0 new, 1 re-ingested, 0 removed");
    assertSameAsDirect(lake, STATE_DATE, true);

    // Nothing new: the state is read as it is, and not written.
    long version = Tables.DPD_STATE.version(spark, lake);
    assertThat(featuresJob(lake, STATE_DATE).history()).startsWith("DPD history: current");
    assertThat(Tables.DPD_STATE.version(spark, lake)).isEqualTo(version);
  }

  @Test
  void keptHistoryOfABookLongerThanTheWindowsIsCutAndGivesTheFeaturesOfTheWholeHistory() {
    // 14 months: the windows of the last nights start after the book does, so the engine keeps
    // only totals of the settled history before them (the state is exact from that cut).
    SimulationParams params = new SimulationParams(11, 60, LocalDate.parse("2025-01-01"), 14, 0);
    Lake longBook = book("long", params);
    LocalDate night = params.end().minusDays(3);
    assertThat(
            FeatureBuilder.exactFrom(
                Snapshots.of(night), Bronze.firstMonth(spark, longBook, "instalments")))
        .isAfter(params.start());

    assertThat(featuresJob(longBook, night).history()).contains("rebuilt");

    writeBatch(longBook, extraPayments(longBook, 10, "2026-01-01", "2026-02-20"));
    assertThat(featuresJob(longBook, night).history()).contains("10 accounts recomputed");
    assertSameAsDirect(longBook, night, false);

    // The next night needs history from a later day than the state keeps: the state serves it
    // as it is, and its features are those of the whole history.
    LocalDate next = night.plusDays(1);
    assertThat(featuresJob(longBook, next).history()).startsWith("DPD history: current");
    assertSameAsDirect(longBook, next, false);

    // Labels and treatment outcomes read the same state: as computed from the whole history.
    Snapshots monthEnds =
        Snapshots.of(List.of(LocalDate.parse("2025-11-30"), night.minusMonths(2)));
    BuildLabelsJob.Report labels =
        BuildLabelsJob.run(
            spark,
            longBook,
            new BuildLabelsJob.Options(monthEnds, LabelCatalog.ALL, 1_000_000, true));
    assertThat(labels.render()).contains("DPD history: current");
    FeatureSources whole =
        new FeatureSources(
            BronzeInputs.forDelinquency(
                spark,
                longBook,
                Bronze.coverage(spark, longBook),
                1_000_000,
                DelinquencyStore.latestVersions(spark, longBook)),
            (LocalDate) null,
            false);
    assertSameRows(
        Tables.ACCOUNT_LABELS.read(spark, longBook),
        LabelBuilder.build(whole, monthEnds, LabelCatalog.ALL)
            .filter(col("observed_through").leq(Snapshots.date(labels.observedThrough()))));
    Dataset<Row> outcomes = Tables.TREATMENT_OUTCOMES.read(spark, longBook);
    assertThat(outcomes.count()).isPositive();
    assertSameRows(
        outcomes,
        TreatmentOutcomes.build(
            new FeatureSources(
                BronzeInputs.forOutcomes(
                    spark,
                    longBook,
                    Bronze.coverage(spark, longBook),
                    monthEnds,
                    1_000_000,
                    DelinquencyStore.latestVersions(spark, longBook)),
                (LocalDate) null,
                false),
            monthEnds));
  }

  static void assertSameRows(Dataset<Row> got, Dataset<Row> want) {
    Dataset<Row> w = want.localCheckpoint();
    Dataset<Row> g = got.select(w.columns()[0], tail(w.columns()));
    assertThat(g.count()).isEqualTo(w.count());
    assertThat(g.exceptAll(w).count()).isZero();
    assertThat(w.exceptAll(g).count()).isZero();
  }

  @Test
  void nightlyRerunAndBackfillAgreeAndNeverDuplicate() {
    assertThat(cli("features", "--date", "2025-04-30").code()).isZero();
    List<Row> first = features("2025-04-30").collectAsList();
    assertThat(first).hasSizeGreaterThan(100);

    assertThat(cli("features", "--date", "2025-04-30").code()).isZero();
    Dataset<Row> again = features("2025-04-30");
    assertThat(again.count()).isEqualTo(first.size());
    assertThat(again.select("account_id").distinct().count()).isEqualTo(first.size());

    assertThat(
            cli("features", "--from", "2025-01-31", "--to", "2025-05-31", "--every", "1M").code())
        .isZero();
    Dataset<Row> backfilled = features("2025-04-30");
    assertThat(backfilled.exceptAll(spark.createDataFrame(first, backfilled.schema())).count())
        .isZero();
    assertThat(backfilled.count()).isEqualTo(first.size());
    assertThat(Tables.ACCOUNT_FEATURES.read(spark, lake).select("as_of_date").distinct().count())
        .isEqualTo(5);
  }

  @Test
  void datesBeyondTheIngestedDataAreRefused() {
    // The export is as of 2025-06-01T12:00Z: 2025-05-31 is complete in every US zone, June 1 not.
    Outcome o = cli("features", "--date", "2025-06-01");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err())
        .contains("features as of 2025-06-01")
        .contains("complete only through 2025-05-31");
  }

  @Test
  void labelsOnlyForMaturedDatesAndReRunsReplace() {
    assertThat(cli("labels", "--from", "2025-02-28", "--to", "2025-05-31", "--every", "1M").code())
        .isZero();
    Dataset<Row> labels = Tables.ACCOUNT_LABELS.read(spark, lake);
    // early_warning (60 days) has matured for Feb and Mar only; no_self_cure (30 days) up to Apr.
    assertThat(
            labels
                .filter(col("label").equalTo("early_warning"))
                .select("as_of_date")
                .distinct()
                .count())
        .isEqualTo(2);
    assertThat(
            labels
                .filter(col("observed_through").gt(Snapshots.date(LocalDate.parse("2025-05-31"))))
                .count())
        .isZero();
    long rows = labels.count();
    assertThat(rows).isGreaterThan(0);
    assertThat(cli("labels", "--from", "2025-02-28", "--to", "2025-05-31", "--every", "1M").code())
        .isZero();
    assertThat(Tables.ACCOUNT_LABELS.read(spark, lake).count()).isEqualTo(rows);

    Outcome immature = cli("labels", "--date", "2025-05-20");
    assertThat(immature.code()).isEqualTo(1);
    assertThat(immature.err()).contains("no label has matured");
  }

  @Test
  void portfolioViewsAreReplacedWhole() {
    assertThat(cli("portfolio").code()).isZero();
    long rolls = Tables.ROLL_RATES.read(spark, lake).count();
    long vintages = Tables.VINTAGES.read(spark, lake).count();
    assertThat(rolls).isGreaterThan(0);
    assertThat(cli("portfolio").code()).isZero();
    assertThat(Tables.ROLL_RATES.read(spark, lake).count()).isEqualTo(rolls);
    assertThat(Tables.VINTAGES.read(spark, lake).count()).isEqualTo(vintages);
    // Shares of each from-state add up to one for every month pair.
    assertThat(
            Tables.ROLL_RATES
                .read(spark, lake)
                .groupBy("month_end", "from_state")
                .agg(org.apache.spark.sql.functions.sum("share_of_from").as("s"))
                .filter(col("s").minus(1).gt(1e-9).or(col("s").minus(1).lt(-1e-9)))
                .count())
        .isZero();
  }

  @Test
  void featureTableSchemaEvolvesAsDocumented() {
    Lake lake = Lake.at(dir.toString());
    Dataset<Row> one =
        spark.createDataFrame(
            List.of(
                org.apache.spark.sql.RowFactory.create(
                    "A1", java.sql.Date.valueOf("2025-01-31"), 1, 2)),
            new org.apache.spark.sql.types.StructType()
                .add("account_id", "string", false)
                .add("as_of_date", "date", false)
                .add("kept_feature", "int")
                .add("removed_feature", "int"));
    LakeTable evolving =
        new LakeTable(
            "evolving", "evolving", one.schema(), List.of("as_of_date"), LakeTable.Writes.EVOLVING);
    evolving.replace(spark, lake, one, "as_of_date = DATE'2025-01-31'");
    // Next catalog: one feature removed, one added.
    Dataset<Row> two =
        one.drop("removed_feature")
            .withColumn("added_feature", lit(3))
            .withColumn("as_of_date", lit(java.sql.Date.valueOf("2025-02-28")));
    evolving.replace(spark, lake, two, "as_of_date = DATE'2025-02-28'");
    Dataset<Row> table = evolving.read(spark, lake).orderBy("as_of_date");
    assertThat(table.columns()).contains("kept_feature", "removed_feature", "added_feature");
    List<Row> rows = table.select("removed_feature", "added_feature").collectAsList();
    assertThat(rows.get(0).get(0)).isEqualTo(2);
    assertThat(rows.get(0).get(1)).isNull();
    assertThat(rows.get(1).get(0)).isNull();
    assertThat(rows.get(1).get(1)).isEqualTo(3);
    assertThat(FeatureBuilder.schema().fieldNames()).contains("account_id", "as_of_date");
  }
}
