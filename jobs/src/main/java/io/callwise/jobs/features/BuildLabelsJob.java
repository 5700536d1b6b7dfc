package io.callwise.jobs.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.RawTables;
import io.callwise.delinquency.DelinquencyEngine;
import io.callwise.features.FeatureInputs;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Bronze;
import io.callwise.jobs.storage.DeltaOutputs;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.labels.LabelBuilder;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import io.callwise.labels.TreatmentOutcomes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code callwise labels}: delinquency labels for as-of dates whose horizon the ingested data fully
 * covers (matured); other dates are skipped and reported. Writes {@code
 * {root}/labels/account_labels}, partitioned by as_of_date, replacing the run's labels and dates in
 * one commit. Nothing on the scoring path reads this table.
 */
public final class BuildLabelsJob {

  private BuildLabelsJob() {}

  /**
   * @param outcomes whether to write the treatment outcomes of the matured dates as well
   */
  public record Options(
      Snapshots snapshots, List<LabelSpec> labels, long broadcastMaxAccounts, boolean outcomes) {}

  public record Report(
      LocalDate observedThrough, List<String> lines, List<LocalDate> written, double seconds) {

    public String render() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "labels (data complete through %s), %.1f s%n",
              observedThrough,
              seconds));
      lines.forEach(l -> b.append("  ").append(l).append('\n'));
      return b.toString();
    }
  }

  /** Labels need the DPD history exact from their first date; no cut when history starts later. */
  static LocalDate exactFrom(LocalDate first, LocalDate historyStart) {
    return historyStart != null && !historyStart.isBefore(first) ? null : first;
  }

  /**
   * Writes {@code {root}/labels/treatment_outcomes} for the snapshot dates whose 30 days after are
   * observed, replacing those dates in one commit; returns the report line.
   */
  private static String outcomes(
      SparkSession spark,
      Lake lake,
      Options options,
      Bronze.Coverage coverage,
      Map<String, Long> pinned,
      DelinquencyEngine.Result history) {
    LocalDate observed = coverage.completeThrough();
    List<LocalDate> matured =
        options.snapshots().dates().stream()
            .filter(d -> TreatmentOutcomes.matured(d, observed))
            .toList();
    if (matured.isEmpty()) {
      return "treatment outcomes: no date has its "
          + TreatmentOutcomes.horizonDays()
          + " days observed yet";
    }
    if (!Tables.bronze(RawTables.CONTACTS).exists(spark, lake)) {
      return "treatment outcomes: no contacts ingested, skipped";
    }
    Snapshots dates = Snapshots.of(matured);
    FeatureSources sources =
        new FeatureSources(
            BronzeInputs.forOutcomes(
                spark, lake, coverage, dates, options.broadcastMaxAccounts(), pinned),
            history,
            false);
    String slice = DeltaOutputs.dateIn(Snapshots.AS_OF_DATE, matured);
    Tables.TREATMENT_OUTCOMES.replace(spark, lake, TreatmentOutcomes.build(sources, dates), slice);
    Row r =
        Tables.TREATMENT_OUTCOMES
            .read(spark, lake)
            .filter(slice)
            .agg(
                count("*"),
                sum(when(col(TreatmentOutcomes.TREATMENT).equalTo("CALL"), 1).otherwise(0)),
                sum(when(col(TreatmentOutcomes.TREATMENT).equalTo("MESSAGE"), 1).otherwise(0)),
                sum(col(LabelCatalog.PAID_OVERDUE_7D.name())))
            .first();
    long rows = r.getLong(0);
    return String.format(
        Locale.ROOT,
        "%-14s %,10d account-dates past due: called %.1f%%, messaged %.1f%%, overdue paid in 7"
            + " days %.1f%%",
        "treatment outcomes",
        rows,
        pct(r, 1, rows),
        pct(r, 2, rows),
        pct(r, 3, rows));
  }

  private static double pct(Row r, int i, long rows) {
    return rows == 0 || r.isNullAt(i) ? 0 : 100.0 * r.getLong(i) / rows;
  }

  public static Report run(SparkSession spark, Lake lake, Options options) {
    long t0 = System.nanoTime();
    Bronze.Coverage coverage = Bronze.coverage(spark, lake);
    LocalDate observed = coverage.completeThrough();
    List<LocalDate> matured =
        options.snapshots().dates().stream()
            .filter(
                d -> options.labels().stream().anyMatch(l -> LabelBuilder.matured(l, d, observed)))
            .toList();
    if (matured.isEmpty()) {
      throw new JobFailedException(
          "no label has matured for "
              + options.snapshots()
              + ": a label at D needs data through D + its horizon ("
              + String.join(
                  ", ",
                  options.labels().stream()
                      .map(l -> l.name() + " " + l.horizonDays() + " days")
                      .toList())
              + ") and the data is complete through "
              + observed
              + ". Fix: choose earlier dates.");
    }
    // The DPD history kept between runs (DelinquencyStore) serves the labels and the treatment
    // outcomes too, brought up to date first. They read it from their first date on, later than
    // the features of a night need it, so a state the nights keep serves them as it is.
    Map<String, Long> pinned = DelinquencyStore.latestVersions(spark, lake);
    FeatureInputs in =
        BronzeInputs.forDelinquency(spark, lake, coverage, options.broadcastMaxAccounts(), pinned);
    DelinquencyStore.Prepared history =
        DelinquencyStore.prepare(
            spark,
            lake,
            in,
            exactFrom(options.snapshots().first(), Bronze.firstMonth(spark, lake, "instalments")),
            pinned);
    FeatureSources sources = new FeatureSources(in, history.result(), false);
    Dataset<Row> labels =
        LabelBuilder.build(sources, Snapshots.of(matured), options.labels())
            .filter(col("observed_through").leq(Snapshots.date(observed)));
    String slice =
        "label IN ("
            + String.join(
                ", ", options.labels().stream().map(l -> DeltaOutputs.literal(l.name())).toList())
            + ") AND "
            + DeltaOutputs.dateIn(Snapshots.AS_OF_DATE, matured);
    Tables.ACCOUNT_LABELS.replace(spark, lake, labels, slice);

    List<String> lines = new ArrayList<>();
    for (Row r :
        Tables.ACCOUNT_LABELS
            .read(spark, lake)
            .filter(slice)
            .groupBy("label")
            .agg(count("*").as("rows"), sum("label_value").as("events"))
            .orderBy("label")
            .collectAsList()) {
      long rows = r.getLong(1);
      long events = r.getLong(2);
      lines.add(
          String.format(
              Locale.ROOT,
              "%-14s %,10d account-dates, event rate %5.2f%%",
              r.getString(0),
              rows,
              rows == 0 ? 0 : 100.0 * events / rows));
    }
    if (options.outcomes()) {
      lines.add(outcomes(spark, lake, options, coverage, pinned, history.result()));
    }
    List<LocalDate> skipped =
        options.snapshots().dates().stream().filter(d -> !matured.contains(d)).toList();
    if (!skipped.isEmpty()) {
      lines.add(
          skipped.size()
              + " date(s) not matured yet, skipped: "
              + skipped.get(0)
              + (skipped.size() > 1 ? " .. " + skipped.get(skipped.size() - 1) : ""));
    }
    lines.add(history.outcome().render());
    return new Report(observed, lines, matured, (System.nanoTime() - t0) / 1e9);
  }
}
