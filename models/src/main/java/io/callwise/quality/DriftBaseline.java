package io.callwise.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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

    /** Row counts per bin, the missing bin last, as aggregate columns over {@code value}. */
    List<Column> counts(Column value) {
      List<Column> out = new ArrayList<>();
      int n = size() - 1;
      for (int i = 0; i < n; i++) {
        Column in;
        if (categorical()) {
          Column s = value.cast("string");
          in = i < categories.size() ? s.equalTo(categories.get(i)) : not(s, categories);
        } else {
          Column v = value.cast("double");
          Column lower = i == 0 ? v.isNotNull() : v.geq(cuts[i - 1]);
          in = i == n - 1 ? lower : lower.and(v.lt(cuts[i]));
        }
        out.add(sum(when(in, 1L).otherwise(0L)));
      }
      out.add(sum(when(value.isNull(), 1L).otherwise(0L)));
      return out;
    }

    private static Column not(Column s, List<String> categories) {
      return s.isNotNull().and(s.isin(categories.toArray()).unary_$bang());
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
   * score} (null: none). One pass for the deciles, one per categorical column for its values, one
   * for the shares.
   */
  public static DriftBaseline of(
      Dataset<Row> rows, List<String> numeric, List<String> categorical, String score) {
    List<String> numericColumns = new ArrayList<>(numeric);
    if (score != null) {
      numericColumns.add(score);
    }
    List<Bins> shape = new ArrayList<>();
    if (!numericColumns.isEmpty()) {
      Dataset<Row> doubles =
          rows.select(
              numericColumns.stream()
                  .map(c -> col(quoted(c)).cast("double").as(c))
                  .toArray(Column[]::new));
      double[][] q =
          doubles.stat().approxQuantile(numericColumns.toArray(String[]::new), DECILES, 0.001);
      for (int i = 0; i < numericColumns.size(); i++) {
        double[] cuts = Arrays.stream(q[i]).filter(Double::isFinite).distinct().sorted().toArray();
        shape.add(new Bins(numericColumns.get(i), cuts, null, null));
      }
    }
    for (String c : categorical) {
      List<String> top =
          rows
              .filter(col(quoted(c)).isNotNull())
              .groupBy(col(quoted(c)).cast("string").as("v"))
              .count()
              .orderBy(col("count").desc(), col("v"))
              .limit(MAX_CATEGORIES)
              .collectAsList()
              .stream()
              .map(r -> r.getString(0))
              .toList();
      shape.add(new Bins(c, null, top, null));
    }
    Measured m = shares(rows, shape);
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

  private static Measured shares(Dataset<Row> rows, List<Bins> bins, List<String> columns) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)));
    for (int i = 0; i < bins.size(); i++) {
      aggs.addAll(bins.get(i).counts(col(quoted(columns.get(i)))));
    }
    Row r = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long total = r.getLong(0);
    List<double[]> shares = new ArrayList<>();
    int at = 1;
    for (Bins b : bins) {
      double[] s = new double[b.size()];
      for (int j = 0; j < s.length; j++, at++) {
        long n = r.isNullAt(at) ? 0 : r.getLong(at);
        s[j] = total == 0 ? 0 : (double) n / total;
      }
      shares.add(s);
    }
    return new Measured(total, shares);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
