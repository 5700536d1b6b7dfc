package io.callwise.jobs.generate;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.Codes.AccountStatus;
import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.jobs.ingest.Landing;
import io.callwise.synth.BookSimulator;
import io.callwise.synth.SimulationParams;
import io.callwise.synth.SyntheticBook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code callwise generate}: writes a synthetic wallet credit book as a lender's export (CSV with a
 * header, one folder per raw table under {@code output}) and its ground truth as Delta tables under
 * {@code truthRoot}. Same parameters, same files. Overwrites what is at both places.
 */
public final class GenerateJob {

  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);

  private GenerateJob() {}

  /**
   * @param params what to simulate
   * @param output folder that receives {@code {table}/part-*.csv}
   * @param truthRoot folder that receives the ground-truth Delta tables
   * @param partitions Spark partitions to simulate in
   */
  public record Options(SimulationParams params, String output, String truthRoot, int partitions) {}

  /** Rows written per table and the book's headline rates, measured on what was generated. */
  public record Report(Map<String, Long> rows, Map<String, Double> rates) {
    public String render() {
      StringBuilder out = new StringBuilder();
      rows.forEach((t, n) -> out.append(String.format(Locale.ROOT, "  %-18s %,12d rows%n", t, n)));
      out.append("  rates measured on the generated book:\n");
      rates.forEach(
          (k, v) -> out.append(String.format(Locale.ROOT, "  %-44s %7.2f%%%n", k, 100 * v)));
      return out.toString();
    }
  }

  public static int defaultPartitions(long accounts) {
    return (int) Math.max(2, Math.min(2000, accounts / 20_000));
  }

  public static Report run(SparkSession spark, Options options) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (TableSpec spec : RawTables.ALL) {
      rows.put(
          spec.name(),
          writeCsv(
              SyntheticBook.rawTable(spark, options.params(), spec, options.partitions()),
              options.output() + "/" + spec.name()));
      LOG.info("generated {} rows of {}", rows.get(spec.name()), spec.name());
    }
    List<String> truth =
        options.params().defectRate() > 0
            ? List.of(
                BookSimulator.TRUTH_BORROWERS,
                BookSimulator.TRUTH_MONTHLY,
                BookSimulator.TRUTH_DEFECTS)
            : List.of(BookSimulator.TRUTH_BORROWERS, BookSimulator.TRUTH_MONTHLY);
    for (String name : truth) {
      SyntheticBook.truthTable(spark, options.params(), name, options.partitions())
          .write()
          .format("delta")
          .mode("overwrite")
          .option("overwriteSchema", "true")
          .save(options.truthRoot() + "/" + name);
    }
    SimulationRecord.write(spark, options.truthRoot(), options.params());
    // Written last: the batch is complete for `callwise nightly` only once it is there.
    Landing.writeManifest(
        spark, options.output(), SyntheticBook.exportedAt(options.params()), rows);
    return new Report(rows, rates(spark, options.truthRoot()));
  }

  /**
   * Writes a raw table as CSV files with a header line into {@code folder} (replaced) and returns
   * its rows, counted while writing.
   */
  public static long writeCsv(Dataset<Row> rawTable, String folder) {
    Observation observed = new Observation("rows of " + folder);
    rawTable
        .observe(observed, count(lit(1)).as("rows"))
        .write()
        .mode("overwrite")
        .option("header", "true")
        .csv(folder);
    return observedRows(observed);
  }

  private static long observedRows(Observation observed) {
    try {
      return ((Number) observed.getAsJava().get("rows")).longValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting generated rows", e);
    }
  }

  /** Headline rates of a generated book, read back from its ground truth. */
  public static Map<String, Double> rates(SparkSession spark, String truthRoot) {
    Row b =
        spark
            .read()
            .format("delta")
            .load(truthRoot + "/" + BookSimulator.TRUTH_BORROWERS)
            .agg(
                avg(when(col("ever_1_dpd"), 1.0).otherwise(0.0)),
                avg(when(col("ever_30_dpd"), 1.0).otherwise(0.0)),
                avg(when(col("charged_off"), 1.0).otherwise(0.0)),
                avg(
                    when(
                            col("response_type")
                                .equalTo(BookSimulator.ResponseType.SELF_CURER.name()),
                            1.0)
                        .otherwise(0.0)),
                avg(when(col("bad_contact_details"), 1.0).otherwise(0.0)))
            .first();
    Row m =
        spark
            .read()
            .format("delta")
            .load(truthRoot + "/" + BookSimulator.TRUTH_MONTHLY)
            .filter(col("status").isin(AccountStatus.ACTIVE.name(), AccountStatus.FROZEN.name()))
            .agg(
                avg(when(col("dpd_at_month_end").gt(0), 1.0).otherwise(0.0)),
                avg(when(col("dpd_at_month_end").gt(30), 1.0).otherwise(0.0)))
            .first();
    Map<String, Double> rates = new LinkedHashMap<>();
    rates.put("accounts ever 1+ days past due", b.getDouble(0));
    rates.put("accounts ever 30+ days past due", b.getDouble(1));
    rates.put("accounts charged off", b.getDouble(2));
    rates.put("open accounts past due at a month end (avg)", m.getDouble(0));
    rates.put("open accounts 31+ days past due at a month end", m.getDouble(1));
    rates.put("borrowers who self-cure (hidden type)", b.getDouble(3));
    rates.put("borrowers with bad contact details", b.getDouble(4));
    return rates;
  }
}
