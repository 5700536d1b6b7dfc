package io.callwise.scoring;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.labels.LabelCatalog;
import io.callwise.policy.PolicyFixtures;
import io.callwise.policy.ScoringTables;
import java.util.Arrays;
import java.util.HashMap;
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
    Scoring.score(book.features(), ScoringFixture.champions())
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
}
