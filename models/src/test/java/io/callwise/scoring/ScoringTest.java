package io.callwise.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.labels.LabelCatalog;
import io.callwise.policy.PolicyFixtures;
import io.callwise.policy.ScoringTables;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/** The scoring steps on a small book, without a lake. */
class ScoringTest {

  @Test
  void eachPopulationIsScoredByItsChampionAndDefaultIsPdOne() {
    ScoringFixture book = new ScoringFixture();
    book.account("current", 0, 0.2);
    book.account("late", 20, 0.7);
    book.account("edge", 89, 0.4);
    book.account("defaulted", 95, 0.3);
    Map<String, Row> scored = new HashMap<>();
    Scoring.score(book.features(), ScoringFixture.champions(), lit(true))
        .collectAsList()
        .forEach(r -> scored.put(r.getAs("account_id"), r));

    assertThat(scored).hasSize(4);
    assertThat(scored.get("current").<String>getAs("model_label"))
        .isEqualTo(LabelCatalog.EARLY_WARNING.name());
    assertThat(scored.get("current").<Double>getAs("pd")).isEqualTo(0.2);
    assertThat(scored.get("late").<String>getAs("model_label"))
        .isEqualTo(LabelCatalog.NO_SELF_CURE.name());
    assertThat(scored.get("late").<String>getAs("model_id"))
        .isEqualTo(LabelCatalog.NO_SELF_CURE.name() + "-m1");
    assertThat(scored.get("edge").<String>getAs("model_label"))
        .isEqualTo(LabelCatalog.NO_SELF_CURE.name());
    Row defaulted = scored.get("defaulted");
    assertThat(defaulted.<Double>getAs("pd")).isEqualTo(1.0);
    assertThat(defaulted.isNullAt(defaulted.fieldIndex("model_label"))).isTrue();
    assertThat(defaulted.getList(defaulted.fieldIndex("reasons"))).isEmpty();
  }

  @Test
  void outputsHaveTheContractShapeAndTheQueueHoldsTheActionableRows() {
    ScoringFixture book = new ScoringFixture();
    book.account("a", 20, 0.9);
    book.account("b", 20, 0.5);
    book.account("c", 0, 0.1);
    book.account("d", 120, 0.1);
    Dataset<Row> scores = book.decide(PolicyFixtures.policy(1));
    assertThat(Arrays.stream(scores.schema().fields()).map(StructField::name))
        .containsExactlyElementsOf(
            Arrays.stream(ScoringTables.ACCOUNT_SCORES.fields()).map(StructField::name).toList());
    assertThat(scores.filter(col("run_id").notEqual("run-1")).count()).isZero();

    Dataset<Row> queue = Scoring.contactQueue(scores);
    assertThat(Arrays.stream(queue.schema().fields()).map(StructField::name))
        .containsExactlyElementsOf(
            Arrays.stream(ScoringTables.CONTACT_QUEUE.fields()).map(StructField::name).toList());
    assertThat(queue.select("account_id").as(Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrderElementsOf(
            scores
                .filter(col("treatment").isin("CALL", "MESSAGE", "ESCALATE"))
                .select("account_id")
                .as(Encoders.STRING())
                .collectAsList());
    assertThat(queue.count()).isBetween(1L, 3L);
    Map<String, Map<String, Long>> mix = Scoring.tierByQueue(scores);
    assertThat(
            mix.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue)
                .sum())
        .isEqualTo(4);
  }

  /**
   * A night explains the rows its policy may contact: every contact decided carries the model's
   * reasons, current accounts of low risk carry none, and past-due accounts left alone keep them.
   */
  @Test
  void theNightExplainsTheRowsItMayContactAndNotTheCurrentLowRiskOnes() {
    ScoringFixture book = new ScoringFixture();
    book.account("late-call", 20, 0.9);
    book.account("late-self-cure", 20, 0.1);
    book.account("current-low", 0, 0.001);
    book.account("current-high", 0, 0.7);
    book.account("escalated", 95, 0.3).put("overdue_amount", 900.0);
    Map<String, Row> d = new HashMap<>();
    book.decide(PolicyFixtures.policy(10))
        .collectAsList()
        .forEach(r -> d.put(r.getAs("account_id"), r));

    assertThat(decisionOf(d.get("late-call"))).isEqualTo("CALL");
    assertThat(decisionOf(d.get("current-high"))).isEqualTo("MESSAGE");
    assertThat(decisionOf(d.get("current-low"))).isEqualTo("NONE");
    assertThat(decisionOf(d.get("escalated"))).isEqualTo("ESCALATE");
    assertThat(reasonFeatures(d.get("late-call")))
        .containsExactly(LabelCatalog.NO_SELF_CURE.name());
    assertThat(reasonFeatures(d.get("late-self-cure")))
        .containsExactly(LabelCatalog.NO_SELF_CURE.name());
    assertThat(reasonFeatures(d.get("current-high")))
        .containsExactly(LabelCatalog.EARLY_WARNING.name());
    assertThat(reasonFeatures(d.get("current-low"))).isEmpty();
    // In default: PD 1, no model, so no reasons whatever the decision.
    assertThat(reasonFeatures(d.get("escalated"))).isEmpty();
  }

  private static String decisionOf(Row r) {
    return r.getAs("treatment");
  }

  private static List<String> reasonFeatures(Row r) {
    return r.<Row>getList(r.fieldIndex("reasons")).stream()
        .map(x -> x.<String>getAs("feature"))
        .toList();
  }
}
