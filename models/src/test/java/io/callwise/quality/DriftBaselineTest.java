package io.callwise.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callwise.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The baseline's bins and the PSI measured on Spark against the same bins counted by a plain loop
 * over the rows; a shifted, a thinned-out and an unchanged night; the baseline's JSON round trip.
 */
class DriftBaselineTest {

  static SparkSession spark;

  static final StructType SCHEMA =
      new StructType()
          .add("amount", DataTypes.DoubleType, true)
          .add("visits", DataTypes.IntegerType, true)
          .add("product", DataTypes.StringType, true)
          .add("pd", DataTypes.DoubleType, false);

  record Obs(Double amount, Integer visits, String product, double pd) {}

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
  }

  /**
   * Amounts log-normal (shifted by {@code shift}), a tenth of them missing with probability {@code
   * missing}; visits a count with many zeros; three products and a rare fourth.
   */
  static List<Obs> book(long seed, int n, double shift, double missing) {
    Random r = new Random(seed);
    List<Obs> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Double amount = r.nextDouble() < missing ? null : Math.exp(4 + shift + r.nextGaussian()) / 10;
      int visits = r.nextDouble() < 0.4 ? 0 : r.nextInt(12);
      double u = r.nextDouble();
      String product = u < 0.5 ? "PAYLATER" : u < 0.8 ? "CREDIT_LINE" : u < 0.99 ? "LOAN" : "X";
      out.add(new Obs(amount, visits, product, 1 / (1 + Math.exp(-(r.nextGaussian() + shift)))));
    }
    return out;
  }

  static Dataset<Row> frame(List<Obs> obs) {
    return spark.createDataFrame(
        obs.stream().map(o -> RowFactory.create(o.amount, o.visits, o.product, o.pd)).toList(),
        SCHEMA);
  }

  static DriftBaseline baseline(List<Obs> training) {
    return DriftBaseline.of(frame(training), List.of("amount", "visits"), List.of("product"), "pd");
  }

  // ------------------------------------------------------------------ plain computations

  static Object value(Obs o, String column) {
    return switch (column) {
      case "amount" -> o.amount;
      case "visits" -> o.visits;
      case "product" -> o.product;
      default -> o.pd;
    };
  }

  /** The bin of one value, by reading the bins' definition directly. */
  static int binOf(DriftBaseline.Bins b, Object v) {
    int missing = b.size() - 1;
    if (v == null) {
      return missing;
    }
    if (b.categorical()) {
      int i = b.categories().indexOf(v.toString());
      return i >= 0 ? i : b.categories().size();
    }
    double x = ((Number) v).doubleValue();
    int bin = 0;
    for (double cut : b.cuts()) {
      if (x >= cut) {
        bin++;
      }
    }
    return bin;
  }

  static double[] plainShares(List<Obs> rows, DriftBaseline.Bins b, String column) {
    double[] s = new double[b.size()];
    for (Obs o : rows) {
      s[binOf(b, value(o, column))] += 1.0 / rows.size();
    }
    return s;
  }

  static double plainPsi(double[] e, double[] a) {
    double psi = 0;
    for (int i = 0; i < e.length; i++) {
      double ee = Math.max(e[i], 1e-4);
      double aa = Math.max(a[i], 1e-4);
      psi += (aa - ee) * Math.log(aa / ee);
    }
    return psi;
  }

  // ------------------------------------------------------------------ tests

  @Test
  void theBaselineHoldsDecilesOfTheTrainingRowsAndTheirShares() {
    List<Obs> training = book(1, 4000, 0, 0.1);
    DriftBaseline b = baseline(training);
    assertThat(b.rows()).isEqualTo(4000);
    assertThat(b.features())
        .extracting(DriftBaseline.Bins::name)
        .containsExactly("amount", "visits", "product");
    assertThat(b.score().name()).isEqualTo("pd");
    DriftBaseline.Bins amount = b.features().get(0);
    assertThat(amount.cuts()).hasSize(9).isSorted();
    // a tenth missing, the rest split in ten about equal bins
    assertThat(amount.nullShare()).isCloseTo(0.1, within(0.015));
    for (int i = 0; i < 10; i++) {
      assertThat(amount.shares()[i]).isCloseTo(0.09, within(0.01));
    }
    // ties merged: 40 % zero visits cut once at 0
    DriftBaseline.Bins visits = b.features().get(1);
    assertThat(visits.cuts()).doesNotHaveDuplicates();
    assertThat(visits.cuts()[0]).isEqualTo(0.0);
    DriftBaseline.Bins product = b.features().get(2);
    assertThat(product.categories()).containsExactly("PAYLATER", "CREDIT_LINE", "LOAN", "X");
    for (DriftBaseline.Bins bins : List.of(amount, visits, product, b.score())) {
      assertThat(bins.shares())
          .containsExactly(plainShares(training, bins, bins.name()), within(1e-12));
      assertThat(Arrays.stream(bins.shares()).sum()).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void eachCategoricalColumnKeepsItsMostFrequentValuesRankedByCountThenValue() {
    // "city": 30 values, value k on 1 + (k % 12) rows, so counts tie across values; "tier": 3
    // values and some nulls. Ranked by a plain sort of the counted values.
    StructType schema =
        new StructType()
            .add("city", DataTypes.StringType, true)
            .add("tier", DataTypes.StringType, true)
            .add("pd", DataTypes.DoubleType, false);
    List<Row> rows = new ArrayList<>();
    Map<String, Integer> cities = new HashMap<>();
    Random r = new Random(3);
    for (int k = 0; k < 30; k++) {
      String city = String.format("c%02d", (k * 7) % 30);
      for (int n = 0; n <= k % 12; n++) {
        String tier = r.nextDouble() < 0.2 ? null : "t" + r.nextInt(3);
        rows.add(RowFactory.create(city, tier, r.nextDouble()));
        cities.merge(city, 1, Integer::sum);
      }
    }
    List<String> expected =
        cities.entrySet().stream()
            .sorted(
                Map.Entry.<String, Integer>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(DriftBaseline.MAX_CATEGORIES)
            .map(Map.Entry::getKey)
            .toList();
    DriftBaseline b =
        DriftBaseline.of(
            spark.createDataFrame(rows, schema), List.of(), List.of("city", "tier"), "pd");
    assertThat(b.features().get(0).categories()).isEqualTo(expected);
    assertThat(b.features().get(1).categories()).containsExactlyInAnyOrder("t0", "t1", "t2");
    assertThat(b.features().get(1).nullShare()).isGreaterThan(0);
    assertThat(b.score().name()).isEqualTo("pd");
    assertThat(b.rows()).isEqualTo(rows.size());
  }

  @Test
  void psiIsSmallOnTheSameBookAndLargeOnAShiftedOneAsCountedByHand() {
    List<Obs> training = book(2, 4000, 0, 0.1);
    DriftBaseline b = baseline(training);
    List<Obs> sameShape = book(3, 3000, 0, 0.1);
    List<Obs> shifted = book(4, 3000, 1.0, 0.5);
    Map<String, DriftBaseline.Drift> same = byName(b.measure(frame(sameShape), "pd"));
    Map<String, DriftBaseline.Drift> moved = byName(b.measure(frame(shifted), "pd"));
    assertThat(same).containsOnlyKeys("amount", "visits", "product", "pd");
    for (DriftBaseline.Bins bins : List.of(b.features().get(0), b.features().get(2), b.score())) {
      String name = bins.name();
      assertThat(same.get(name).psi())
          .isCloseTo(plainPsi(bins.shares(), plainShares(sameShape, bins, name)), within(1e-9))
          .isLessThan(0.05);
      assertThat(moved.get(name).psi())
          .isCloseTo(plainPsi(bins.shares(), plainShares(shifted, bins, name)), within(1e-9));
    }
    assertThat(moved.get("amount").psi()).isGreaterThan(0.25);
    assertThat(moved.get("pd").psi()).isGreaterThan(0.25);
    assertThat(moved.get("amount").actualNullShare()).isCloseTo(0.5, within(0.03));
    assertThat(moved.get("amount").expectedNullShare()).isCloseTo(0.1, within(0.015));
    // unchanged distributions stay stable whatever else moved
    assertThat(moved.get("product").psi()).isLessThan(0.05);
    assertThat(moved.get("amount").rows()).isEqualTo(3000);
  }

  @Test
  void aFeatureMissingFromTheNightIsLeftOutAndAnUnseenCategoryCountsAsOther() {
    DriftBaseline b = baseline(book(5, 2000, 0, 0));
    List<Obs> night = new ArrayList<>();
    for (Obs o : book(6, 1000, 0, 0)) {
      night.add(new Obs(o.amount, o.visits, "NEW_PRODUCT", o.pd));
    }
    Map<String, DriftBaseline.Drift> d = byName(b.measure(frame(night).drop("visits"), null));
    assertThat(d).containsOnlyKeys("amount", "product");
    // every row in "other", which held nothing in training: the floor makes it a large PSI
    assertThat(d.get("product").psi()).isGreaterThan(1);
  }

  @Test
  void theBaselineSurvivesItsJson() throws Exception {
    DriftBaseline b = baseline(book(7, 500, 0, 0.2));
    ObjectMapper json = new ObjectMapper();
    DriftBaseline back = json.readValue(json.writeValueAsString(b), DriftBaseline.class);
    assertThat(back.rows()).isEqualTo(b.rows());
    for (int i = 0; i < b.features().size(); i++) {
      assertThat(back.features().get(i).shares()).containsExactly(b.features().get(i).shares());
      assertThat(back.features().get(i).categories()).isEqualTo(b.features().get(i).categories());
    }
    assertThat(back.score().cuts()).containsExactly(b.score().cuts());
  }

  static Map<String, DriftBaseline.Drift> byName(List<DriftBaseline.Drift> all) {
    Map<String, DriftBaseline.Drift> m = new HashMap<>();
    all.forEach(x -> m.put(x.name(), x));
    return m;
  }
}
