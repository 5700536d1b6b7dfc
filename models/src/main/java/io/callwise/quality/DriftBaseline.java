package io.callwise.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * The distribution of every input feature and of the score over a model's training rows, stored
 * with the model, against which a night's rows are measured (population stability index, missing
 * share). A numeric column is cut at its training deciles (ties merged); a categorical one keeps
 * its {@value #MAX_CATEGORIES} most frequent training values and an "other" bin. Missing values are
 * a bin of their own, so a feature that stops arriving shows as drift. Shares are of all rows.
 *
 * @param rows training rows measured
 * @param features one entry per input feature, in the model's order
 * @param score the calibrated score's bins (named after the score column)
 */
public record DriftBaseline(long rows, List<Bins> features, Bins score) {

  static final int MAX_CATEGORIES = 20;
  static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

  /** Shares below which a bin counts as this small in the PSI (an empty bin has no logarithm). */
  public static final double PSI_FLOOR = 1e-4;

  public DriftBaseline {
    features = List.copyOf(features);
  }

  /**
   * One column's bins: numeric ({@code cuts}, bin i holds values in [cuts[i-1], cuts[i]), the first
   * everything below cuts[0], the last everything from the last cut) or categorical ({@code
   * categories}, then "other"); the missing-value bin comes last in {@code shares}.
   */
  public record Bins(String name, double[] cuts, List<String> categories, double[] shares) {

    public boolean categorical() {
      return categories != null;
    }

    /** Number of bins, the missing-value bin included. */
    public int size() {
      return (categorical() ? categories.size() + 1 : cuts.length + 1) + 1;
    }

    /** Share of rows missing the value. */
    public double nullShare() {
      return shares[shares.length - 1];
    }

    /**
     * The bin of {@code value} as an int expression: for a numeric column the number of cuts at or
     * below the value (NaN sorts above every cut), for a categorical one the position of its value
     * among the categories or "other" after them; the missing-value bin, last, when it is null.
     */
    Column index(Column value) {
      int missing = size() - 1;
      Column bin;
      if (categorical()) {
        Column s = value.cast("string");
        bin = lit(categories.size());
        for (int i = categories.size() - 1; i >= 0; i--) {
          bin = when(s.equalTo(categories.get(i)), i).otherwise(bin);
        }
      } else {
        Column v = value.cast("double");
        bin = lit(0);
        for (double cut : cuts) {
          bin = bin.plus(when(v.geq(cut), 1).otherwise(0));
        }
      }
      return when(value.isNull(), missing).otherwise(bin);
    }

    Bins withShares(double[] s) {
      return new Bins(name, cuts, categories, s);
    }
  }

  /** A column's stability from the baseline to a night. */
  public record Drift(
      String name, long rows, double psi, double expectedNullShare, double actualNullShare) {}

  /**
   * The baseline of {@code rows}: {@code numeric} and {@code categorical} input columns, and {@code
   * score} (null: none). The columns are computed once and kept for three passes: the deciles, the
   * most frequent values of every categorical column, the shares.
   */
  public static DriftBaseline of(
      Dataset<Row> rows, List<String> numeric, List<String> categorical, String score) {
    List<String> numericColumns = new ArrayList<>(numeric);
    if (score != null) {
      numericColumns.add(score);
    }
    List<String> measured = new ArrayList<>(numericColumns);
    measured.addAll(categorical);
    Dataset<Row> kept =
        rows.select(measured.stream().map(c -> col(quoted(c))).toArray(Column[]::new))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Bins> shape = new ArrayList<>();
      if (!numericColumns.isEmpty()) {
        Dataset<Row> doubles =
            kept.select(
                numericColumns.stream()
                    .map(c -> col(quoted(c)).cast("double").as(c))
                    .toArray(Column[]::new));
        double[][] q =
            doubles.stat().approxQuantile(numericColumns.toArray(String[]::new), DECILES, 0.001);
        for (int i = 0; i < numericColumns.size(); i++) {
          double[] cuts =
              Arrays.stream(q[i]).filter(Double::isFinite).distinct().sorted().toArray();
          shape.add(new Bins(numericColumns.get(i), cuts, null, null));
        }
      }
      List<List<String>> tops = topValues(kept, categorical);
      for (int i = 0; i < categorical.size(); i++) {
        shape.add(new Bins(categorical.get(i), null, tops.get(i), null));
      }
      Measured m = shares(kept, shape);
      List<Bins> features = new ArrayList<>();
      Bins scoreBins = null;
      for (int i = 0; i < shape.size(); i++) {
        Bins b = shape.get(i).withShares(m.shares().get(i));
        if (score != null && i == numeric.size()) {
          scoreBins = b;
        } else {
          features.add(b);
        }
      }
      return new DriftBaseline(m.rows(), features, scoreBins);
    } finally {
      kept.unpersist();
    }
  }

  /**
   * The {@value #MAX_CATEGORIES} most frequent non-null values of each of {@code columns}, most
   * frequent first (ties by value), in one pass: every row becomes one (column, value) pair per
   * column, the pairs are counted and ranked within their column, and only the kept ones reach the
   * driver.
   */
  private static List<List<String>> topValues(Dataset<Row> rows, List<String> columns) {
    List<List<String>> tops = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      tops.add(new ArrayList<>());
    }
    if (columns.isEmpty()) {
      return tops;
    }
    List<Column> pairs = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      pairs.add(struct(lit(i).as("c"), col(quoted(columns.get(i))).cast("string").as("v")));
    }
    List<Row> kept =
        rows.select(explode(array(pairs.toArray(Column[]::new))).as("p"))
            .filter(col("p.v").isNotNull())
            .groupBy(col("p.c").as("c"), col("p.v").as("v"))
            .count()
            .withColumn(
                "rank",
                row_number().over(Window.partitionBy("c").orderBy(col("count").desc(), col("v"))))
            .filter(col("rank").leq(MAX_CATEGORIES))
            .orderBy("c", "rank")
            .collectAsList();
    for (Row r : kept) {
      tops.get(r.getInt(0)).add(r.getString(1));
    }
    return tops;
  }

  /**
   * Stability of every baseline feature present in {@code actual}, and of the score when {@code
   * scoreColumn} is given, in one pass; a feature missing from {@code actual} is left out (the
   * model's schema check names it).
   */
  public List<Drift> measure(Dataset<Row> actual, String scoreColumn) {
    List<String> have = Arrays.asList(actual.columns());
    List<Bins> present = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    for (Bins b : features) {
      if (have.contains(b.name())) {
        present.add(b);
        columns.add(b.name());
      }
    }
    if (scoreColumn != null && score != null) {
      present.add(score);
      columns.add(scoreColumn);
    }
    Measured m = shares(actual, present, columns);
    List<Drift> out = new ArrayList<>();
    for (int i = 0; i < present.size(); i++) {
      Bins b = present.get(i);
      double[] a = m.shares().get(i);
      out.add(new Drift(b.name(), m.rows(), psi(b.shares(), a), b.nullShare(), a[a.length - 1]));
    }
    return out;
  }

  /** PSI = sum over bins of (actual - expected) × ln(actual / expected), shares floored. */
  public static double psi(double[] expected, double[] actual) {
    double total = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], PSI_FLOOR);
      double a = Math.max(actual[i], PSI_FLOOR);
      total += (a - e) * Math.log(a / e);
    }
    return total;
  }

  private record Measured(long rows, List<double[]> shares) {}

  private static Measured shares(Dataset<Row> rows, List<Bins> bins) {
    return shares(rows, bins, bins.stream().map(Bins::name).toList());
  }

  /**
   * Row counts per column and bin in one pass: every row becomes one (column, bin) pair per column
   * (and a pair of its own for the row count), and the pairs are counted. One small aggregate,
   * where a sum per bin and column (hundreds of aggregates in one plan) cost seconds to plan and
   * compile.
   */
  private static Measured shares(Dataset<Row> rows, List<Bins> bins, List<String> columns) {
    List<Column> pairs = new ArrayList<>();
    pairs.add(struct(lit(ROW_COUNT).as("c"), lit(0).as("b")));
    for (int i = 0; i < bins.size(); i++) {
      pairs.add(struct(lit(i).as("c"), bins.get(i).index(col(quoted(columns.get(i)))).as("b")));
    }
    List<Row> counted =
        rows.select(explode(array(pairs.toArray(Column[]::new))).as("p"))
            .groupBy(col("p.c"), col("p.b"))
            .count()
            .collectAsList();
    long total = 0;
    long[][] counts = new long[bins.size()][];
    for (int i = 0; i < bins.size(); i++) {
      counts[i] = new long[bins.get(i).size()];
    }
    for (Row r : counted) {
      int c = r.getInt(0);
      if (c == ROW_COUNT) {
        total = r.getLong(2);
      } else {
        counts[c][r.getInt(1)] = r.getLong(2);
      }
    }
    List<double[]> shares = new ArrayList<>();
    for (long[] n : counts) {
      double[] s = new double[n.length];
      for (int j = 0; j < s.length; j++) {
        s[j] = total == 0 ? 0 : (double) n[j] / total;
      }
      shares.add(s);
    }
    return new Measured(total, shares);
  }

  /** The pair that counts the rows themselves. */
  private static final int ROW_COUNT = -1;

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
