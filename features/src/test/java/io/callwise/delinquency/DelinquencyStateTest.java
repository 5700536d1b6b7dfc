package io.callwise.delinquency;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generations of the kept DPD history: each account's rows come from the latest that marks it. */
class DelinquencyStateTest {

  private static SparkSession spark;

  @BeforeAll
  static void spark() {
    spark = SparkTestSession.get();
  }

  /**
   * Segments (billed = {@code billed}) and one outcome each of {@code accounts}, as generation g.
   */
  private static Dataset<Row> generation(
      long g, int billed, List<String> computed, String... with) {
    StringBuilder segments = new StringBuilder();
    StringBuilder outcomes = new StringBuilder();
    for (String a : with) {
      String sep = segments.isEmpty() ? "" : " UNION ALL ";
      segments
          .append(sep)
          .append("SELECT '")
          .append(a)
          .append("' AS account_id, DATE'2025-01-01' AS seg_start, ")
          .append(billed)
          .append(" AS billed");
      outcomes
          .append(sep)
          .append("SELECT '")
          .append(a)
          .append("' AS account_id, 'I-")
          .append(a)
          .append("' AS instalment_id, ")
          .append(billed)
          .append(" AS amount_due");
    }
    Dataset<Row> accounts =
        spark.createDataset(computed, org.apache.spark.sql.Encoders.STRING()).toDF("account_id");
    Dataset<Row> s = spark.sql(segments.toString());
    Dataset<Row> o = spark.sql(outcomes.toString());
    return DelinquencyState.rows(DelinquencyEngine.Result.of(s, o), accounts, g);
  }

  private static List<String> billed(Dataset<Row> rows, String amount) {
    return rows.selectExpr("concat(account_id, '=', cast(" + amount + " AS int))")
        .orderBy("account_id")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  @Test
  void eachAccountReadsTheLatestGenerationThatRecomputedIt() {
    Dataset<Row> state =
        generation(0, 10, List.of("A", "B", "D"), "A", "B", "D")
            // B recomputed with no rows left; C new with none; A recomputed twice.
            .unionByName(generation(1, 20, List.of("A", "B", "C"), "A"))
            .unionByName(generation(2, 30, List.of("A"), "A"));
    long marked = 4;
    DelinquencyEngine.Result r = DelinquencyState.read(state, 0, marked);
    assertThat(billed(r.segments(), "billed")).containsExactly("A=30", "D=10");
    assertThat(billed(r.instalmentOutcomes(), "amount_due")).containsExactly("A=30", "D=10");
    assertThat(r.segments().columns())
        .containsExactly(
            "account_id",
            "seg_start",
            "seg_end",
            "billed",
            "past_due",
            "paid",
            "oldest_unpaid_due",
            "entered_1_on",
            "entered_30_on",
            "entered_60_on",
            "entered_90_on");

    // Read from generation 1 as the base (a rebuild there): generation 0 is ignored.
    assertThat(billed(DelinquencyState.read(state, 1, 1).segments(), "billed"))
        .containsExactly("A=30");
    // Without markers after the base, only the base's rows.
    assertThat(billed(DelinquencyState.read(state, 0, 0).segments(), "billed"))
        .containsExactly("A=10", "B=10", "D=10");
  }

  @Test
  void theEngineFingerprintIsStable() {
    assertThat(DelinquencyState.engineVersion())
        .hasSize(16)
        .isEqualTo(DelinquencyState.engineVersion());
  }
}
