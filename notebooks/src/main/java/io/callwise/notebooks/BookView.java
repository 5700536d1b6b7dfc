package io.callwise.notebooks;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callwise.delinquency.Bucket;
import io.callwise.features.Snapshots;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.portfolio.PortfolioViews;
import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The book as the lake holds it: the portfolio at a date, feature distributions by delinquency
 * bucket, the roll-rate matrix, vintage curves and what the last ingests quarantined. Every method
 * aggregates on Spark; only the aggregates reach the notebook.
 */
public final class BookView {

  private final SparkSession spark;
  private final Lake lake;

  BookView(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
  }

  private Dataset<Row> featuresAt(LocalDate date) {
    return Tables.ACCOUNT_FEATURES
        .read(spark, lake)
        .filter(col(Snapshots.AS_OF_DATE).equalTo(lit(java.sql.Date.valueOf(date))));
  }

  /** By product at {@code date}: accounts, past-due share, balances and overdue amounts. */
  public HtmlTable overview(LocalDate date) {
    Dataset<Row> byProduct =
        featuresAt(date)
            .groupBy("product")
            .agg(
                count("*").as("accounts"),
                sum(when(col("dpd_current").gt(0), 1).otherwise(0)).as("past_due"),
                avg(when(col("dpd_current").gt(0), 1.0).otherwise(0.0)).as("past_due_share"),
                sum("outstanding_balance").as("outstanding_balance"),
                sum("overdue_amount").as("overdue_amount"),
                avg("utilization").as("mean_utilization"),
                avg("on_time_ratio_365d").as("mean_on_time_ratio_365d"))
            .orderBy("product");
    return HtmlTable.of("The book at " + date + ", by product", byProduct, 20);
  }

  /** Accounts by delinquency bucket at {@code date}, current to 180+. */
  public Map<String, Long> accountsByBucket(LocalDate date) {
    Map<String, Long> counts = new HashMap<>();
    for (Row r : featuresAt(date).groupBy("dpd_bucket").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> ordered = new LinkedHashMap<>();
    for (Bucket b : Bucket.values()) {
      ordered.put(b.label(), counts.getOrDefault(b.label(), 0L));
    }
    return ordered;
  }

  public BufferedImage accountsByBucketChart(LocalDate date) {
    Map<String, Long> counts = accountsByBucket(date);
    return Charts.bars(
        "Accounts by delinquency bucket at " + date,
        "days past due",
        "accounts",
        "#,##0",
        List.of(
            new Charts.Bars(
                "accounts", new ArrayList<>(counts.keySet()), new ArrayList<>(counts.values()))));
  }

  /** One feature's distribution in one delinquency bucket. */
  public record Distribution(
      String feature,
      String bucket,
      long accounts,
      double nullShare,
      Double p10,
      Double median,
      Double p90,
      Double mean) {}

  /**
   * The distribution of each of {@code features} by delinquency bucket at {@code date}: null share,
   * 10th, 50th and 90th percentiles (approximate) and the mean, in one aggregation.
   */
  public List<Distribution> distributions(LocalDate date, List<String> features) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count("*").as("accounts"));
    for (String f : features) {
      Column v = col(f).cast("double");
      aggs.add(avg(when(col(f).isNull(), 1.0).otherwise(0.0)).as(f + "__null"));
      aggs.add(percentile_approx(v, lit(new double[] {0.1, 0.5, 0.9}), lit(1000)).as(f + "__q"));
      aggs.add(avg(v).as(f + "__mean"));
    }
    Map<String, Row> byBucket = new HashMap<>();
    for (Row r :
        featuresAt(date)
            .groupBy("dpd_bucket")
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
            .collectAsList()) {
      byBucket.put(r.getString(0), r);
    }
    List<Distribution> out = new ArrayList<>();
    for (String f : features) {
      for (Bucket b : Bucket.values()) {
        Row r = byBucket.get(b.label());
        if (r == null) {
          continue;
        }
        List<Double> q =
            r.isNullAt(r.fieldIndex(f + "__q")) ? null : r.getList(r.fieldIndex(f + "__q"));
        int mean = r.fieldIndex(f + "__mean");
        out.add(
            new Distribution(
                f,
                b.label(),
                r.getLong(r.fieldIndex("accounts")),
                r.getDouble(r.fieldIndex(f + "__null")),
                q == null ? null : q.get(0),
                q == null ? null : q.get(1),
                q == null ? null : q.get(2),
                r.isNullAt(mean) ? null : r.getDouble(mean)));
      }
    }
    return out;
  }

  public HtmlTable distributionTable(LocalDate date, List<String> features) {
    List<List<Object>> rows = new ArrayList<>();
    for (Distribution d : distributions(date, features)) {
      rows.add(
          java.util.Arrays.asList(
              d.feature(),
              d.bucket(),
              d.accounts(),
              d.nullShare(),
              d.p10(),
              d.median(),
              d.p90(),
              d.mean()));
    }
    return HtmlTable.of(
        "Feature distributions by delinquency bucket at " + date,
        List.of("feature", "dpd_bucket", "accounts", "null_share", "p10", "median", "p90", "mean"),
        rows);
  }

  /** The 10th, 50th and 90th percentiles of one feature by bucket, as bars. */
  public BufferedImage distributionChart(LocalDate date, String feature) {
    List<String> buckets = new ArrayList<>();
    List<Double> p10 = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p90 = new ArrayList<>();
    for (Distribution d : distributions(date, List.of(feature))) {
      buckets.add(d.bucket());
      p10.add(d.p10() == null ? 0.0 : d.p10());
      p50.add(d.median() == null ? 0.0 : d.median());
      p90.add(d.p90() == null ? 0.0 : d.p90());
    }
    return Charts.bars(
        feature + " by delinquency bucket at " + date,
        "days past due",
        feature,
        "#,##0.##",
        List.of(
            new Charts.Bars("10th percentile", buckets, p10),
            new Charts.Bars("median", buckets, p50),
            new Charts.Bars("90th percentile", buckets, p90)));
  }

  /** A roll-rate matrix: share of each state's accounts by the state one month end later. */
  public record RollRates(String period, List<String> states, long[][] accounts) {

    public Double share(int from, int to) {
      long total = 0;
      for (long n : accounts[from]) {
        total += n;
      }
      return total == 0 ? null : (double) accounts[from][to] / total;
    }

    public Double[][] shares() {
      Double[][] s = new Double[states.size()][states.size()];
      for (int i = 0; i < states.size(); i++) {
        for (int j = 0; j < states.size(); j++) {
          s[i][j] = share(i, j);
        }
      }
      return s;
    }
  }

  /**
   * The roll-rate matrix of the month ending {@code monthEnd} into the next, or of every month pair
   * pooled when {@code monthEnd} is null.
   */
  public RollRates rollRates(LocalDate monthEnd) {
    Dataset<Row> rolls = Tables.ROLL_RATES.read(spark, lake);
    if (monthEnd != null) {
      rolls = rolls.filter(col("month_end").equalTo(lit(java.sql.Date.valueOf(monthEnd))));
    }
    List<String> states = PortfolioViews.rollStates();
    long[][] n = new long[states.size()][states.size()];
    for (Row r : rolls.groupBy("from_state", "to_state").agg(sum("accounts")).collectAsList()) {
      int from = states.indexOf(r.getString(0));
      int to = states.indexOf(r.getString(1));
      if (from >= 0 && to >= 0) {
        n[from][to] += r.getLong(2);
      }
    }
    return new RollRates(monthEnd == null ? "all month pairs" : "from " + monthEnd, states, n);
  }

  public HtmlTable rollRateTable(RollRates rates) {
    List<String> columns = new ArrayList<>();
    columns.add("from \\ to");
    columns.addAll(rates.states());
    columns.add("accounts");
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < rates.states().size(); i++) {
      long total = 0;
      for (long v : rates.accounts()[i]) {
        total += v;
      }
      if (total == 0) {
        continue;
      }
      List<Object> row = new ArrayList<>();
      row.add(rates.states().get(i));
      for (int j = 0; j < rates.states().size(); j++) {
        row.add(rates.share(i, j));
      }
      row.add(total);
      rows.add(row);
    }
    return HtmlTable.of(
        "Roll rates, " + rates.period() + " (share of the row's accounts)", columns, rows);
  }

  /** The roll-rate matrix as a heat map; rows without accounts are left out. */
  public BufferedImage rollRateHeatMap(RollRates rates) {
    List<String> rows = new ArrayList<>();
    List<Double[]> values = new ArrayList<>();
    Double[][] shares = rates.shares();
    for (int i = 0; i < rates.states().size(); i++) {
      if (shares[i][0] == null) {
        continue;
      }
      rows.add(rates.states().get(i));
      values.add(shares[i]);
    }
    return Charts.heatMap(
        "Roll rates, " + rates.period(),
        "state one month end later",
        "state at the month end",
        rates.states(),
        rows,
        values.toArray(Double[][]::new));
  }

  /**
   * Vintage curves of {@code product}: the share of each month's new accounts ever 30+ days past
   * due by months on book, for its {@code vintages} largest vintages (by accounts opened).
   */
  public BufferedImage vintageCurves(String product, int vintages) {
    Dataset<Row> rows = Tables.VINTAGES.read(spark, lake).filter(col("product").equalTo(product));
    List<Row> largest =
        rows.groupBy("vintage_month")
            .agg(max("accounts").as("accounts"))
            .orderBy(desc("accounts"), col("vintage_month"))
            .limit(vintages)
            .collectAsList();
    Map<String, TreeMap<Integer, Double>> curves = new TreeMap<>();
    long fewest = Long.MAX_VALUE;
    long most = 0;
    for (Row v : largest) {
      fewest = Math.min(fewest, v.getLong(1));
      most = Math.max(most, v.getLong(1));
    }
    for (Row r :
        rows.filter(col("vintage_month").isin(largest.stream().map(v -> v.get(0)).toArray()))
            .select(
                col("vintage_month").cast("string"),
                col("months_on_book"),
                col("ever_30_plus_rate"))
            .collectAsList()) {
      curves
          .computeIfAbsent(r.getString(0).substring(0, 7), k -> new TreeMap<>())
          .put(r.getInt(1), r.getDouble(2));
    }
    List<Charts.Line> lines = new ArrayList<>();
    curves.forEach(
        (vintage, points) ->
            lines.add(
                Charts.Line.of(
                    vintage,
                    points.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                    points.values().stream().mapToDouble(Double::doubleValue).toArray())));
    String title =
        largest.isEmpty()
            ? "Vintage curves, " + product + ": no account opened within the history"
            : String.format(
                Locale.ROOT,
                "Vintage curves, %s: %d largest vintages (%d to %d accounts)",
                product,
                largest.size(),
                fewest,
                most);
    return Charts.lines(title, "months on book", "share ever 30+ days past due", "0", "0%", lines);
  }

  /** The products the vintages table has, for choosing a curve. */
  public List<String> products() {
    return Tables.VINTAGES
        .read(spark, lake)
        .select("product")
        .distinct()
        .orderBy("product")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /** The ids of the last {@code batches} ingest batches, latest first. */
  private List<String> lastBatches(int batches) {
    return Tables.INGEST_RUNS
        .read(spark, lake)
        .groupBy("batch_id")
        .agg(max("finished_at").as("finished_at"))
        .orderBy(desc("finished_at"))
        .limit(batches)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /** Rows quarantined by the last {@code batches} ingest batches, by table and reason. */
  public HtmlTable quarantineReasons(int batches) {
    List<String> last = lastBatches(batches);
    Dataset<Row> reasons =
        Tables.QUARANTINE
            .read(spark, lake)
            .filter(col("ingest_batch_id").isin(last.toArray()))
            .groupBy(col("ingest_batch_id").as("batch"), col("source_table"), col("reason_code"))
            .agg(
                count("*").as("rows"),
                countDistinct("record_key").as("records"),
                min("reason_detail").as("example"))
            .orderBy(col("batch"), desc("rows"), col("source_table"), col("reason_code"));
    return HtmlTable.of(
        "Quarantined rows of the last " + last.size() + " ingest batches", reasons, 50);
  }

  /** What the last {@code batches} ingests read, accepted and quarantined, per table. */
  public HtmlTable ingestRuns(int batches) {
    Dataset<Row> runs = Tables.INGEST_RUNS.read(spark, lake);
    List<String> last = lastBatches(batches);
    return HtmlTable.of(
        "Ingest runs of the last " + last.size() + " batches",
        runs.filter(col("batch_id").isin(last.toArray()))
            .select(
                "batch_id",
                "table_name",
                "status",
                "rows_read",
                "rows_accepted",
                "rows_quarantined")
            .orderBy("batch_id", "table_name"),
        60);
  }
}
