package io.callwise.jobs.features;

import static org.apache.spark.sql.functions.col;

import io.callwise.features.FeatureBuilder;
import io.callwise.features.FeatureCatalog;
import io.callwise.features.FeatureInputs;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.DeltaOutputs;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code callwise features}: the feature table for one as-of date (the nightly run) or many (a
 * backfill), from the bronze tables, in one pass over the history.
 *
 * <p>Reads bronze, pruned to the months the dates need ({@link BronzeInputs}); refuses dates the
 * ingested data does not fully cover; writes {@code {root}/features/account_features}, partitioned
 * by as_of_date, replacing exactly the dates of the run in one commit.
 */
public final class BuildFeaturesJob {

  private BuildFeaturesJob() {}

  public record Options(Snapshots snapshots, long broadcastMaxAccounts) {}

  public record Report(
      Snapshots snapshots,
      Map<LocalDate, Long> rowsByDate,
      String catalogVersion,
      String history,
      double seconds) {

    public String render() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "features %s: %d features (catalog %s), %.1f s%n",
              snapshots,
              FeatureCatalog.FEATURES.size(),
              catalogVersion,
              seconds));
      rowsByDate.forEach(
          (d, n) -> b.append(String.format(Locale.ROOT, "  %s  %,10d accounts%n", d, n)));
      b.append("  ").append(history).append(System.lineSeparator());
      return b.toString();
    }
  }

  public static Report run(SparkSession spark, Lake lake, Options options) {
    long t0 = System.nanoTime();
    Snapshots snapshots = options.snapshots();
    Bronze.Coverage coverage = Bronze.coverage(spark, lake);
    Bronze.requireCovered(coverage, snapshots.last(), "features");
    Map<String, Long> pinned = DelinquencyStore.latestVersions(spark, lake);
    FeatureInputs in =
        BronzeInputs.forFeatures(
            spark, lake, coverage, snapshots, options.broadcastMaxAccounts(), pinned);
    String slice = DeltaOutputs.dateIn(Snapshots.AS_OF_DATE, snapshots.dates());
    LocalDate exactFrom =
        FeatureBuilder.exactFrom(snapshots, Bronze.firstMonth(spark, lake, "instalments"));
    DelinquencyStore.Prepared history =
        DelinquencyStore.prepare(spark, lake, in, exactFrom, pinned);
    try (FeatureSources sources = new FeatureSources(in, history.result(), true)) {
      Tables.ACCOUNT_FEATURES.replace(spark, lake, FeatureBuilder.build(sources, snapshots), slice);
    }
    Map<LocalDate, Long> rows = new LinkedHashMap<>();
    snapshots.dates().forEach(d -> rows.put(d, 0L));
    for (Row r :
        Tables.ACCOUNT_FEATURES
            .read(spark, lake)
            .filter(slice)
            .groupBy(col(Snapshots.AS_OF_DATE))
            .count()
            .collectAsList()) {
      rows.put(r.getDate(0).toLocalDate(), r.getLong(1));
    }
    return new Report(
        snapshots,
        rows,
        FeatureCatalog.version(),
        history.outcome().render(),
        (System.nanoTime() - t0) / 1e9);
  }
}
