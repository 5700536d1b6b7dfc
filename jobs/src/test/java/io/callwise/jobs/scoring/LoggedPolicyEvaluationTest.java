package io.callwise.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the off-policy evaluation takes from a lake: a night's published decisions that an
 * allocation can change, with their logged probability and outcome, and a refusal naming the table,
 * column and fix for every night it cannot use.
 */
class LoggedPolicyEvaluationTest {

  @TempDir Path dir;
  static SparkSession spark;

  static final LocalDate NIGHT = LocalDate.parse("2025-06-30");

  static final StructType SCORES =
      new StructType()
          .add("score_date", DataTypes.DateType)
          .add("account_id", DataTypes.StringType)
          .add("dpd_current", DataTypes.IntegerType)
          .add("treatment", DataTypes.StringType)
          .add("assignment_probability", DataTypes.DoubleType);

  static final StructType OUTCOMES =
      new StructType()
          .add("account_id", DataTypes.StringType)
          .add("as_of_date", DataTypes.DateType)
          .add("paid_overdue_7d", DataTypes.IntegerType);

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
  }

  Lake lake(List<Row> scores, List<Row> outcomes) {
    Lake lake = Lake.at(dir.resolve("lake").toString());
    spark
        .createDataFrame(scores, SCORES)
        .write()
        .format("delta")
        .save(Tables.ACCOUNT_SCORES.path(lake));
    if (outcomes != null) {
      spark
          .createDataFrame(outcomes, OUTCOMES)
          .write()
          .format("delta")
          .save(Tables.TREATMENT_OUTCOMES.path(lake));
    }
    return lake;
  }

  static Row decision(LocalDate d, String id, int dpd, String treatment, Double p) {
    return RowFactory.create(Date.valueOf(d), id, dpd, treatment, p);
  }

  static Row outcome(LocalDate d, String id, int paid) {
    return RowFactory.create(id, Date.valueOf(d), paid);
  }

  @Test
  void keepsTheNightsChangeableDecisionsWithTheirProbabilityAndOutcome() {
    Lake lake =
        lake(
            List.of(
                decision(NIGHT, "A", 5, "CALL", 0.3),
                decision(NIGHT, "B", 12, "MESSAGE", 0.7),
                decision(NIGHT, "C", 40, "NONE", 1.0),
                decision(NIGHT, "D", 0, "MESSAGE", 0.5), // current: no allocation changes it
                decision(NIGHT, "E", 95, "ESCALATE", 1.0), // the same under every allocation
                decision(NIGHT, "F", 20, "SUPPRESS", 1.0),
                decision(NIGHT.minusDays(1), "A", 4, "NONE", 0.5)), // another night
            List.of(
                outcome(NIGHT, "A", 1),
                outcome(NIGHT, "B", 0),
                outcome(NIGHT, "C", 1),
                outcome(NIGHT, "D", 1),
                outcome(NIGHT.minusDays(1), "A", 0)));

    Map<String, Row> rows =
        LoggedPolicyEvaluation.logged(spark, lake, NIGHT, "paid_overdue_7d")
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r));

    assertThat(rows).containsOnlyKeys("A", "B", "C");
    Row a = rows.get("A");
    assertThat(a.<String>getAs(LoggedPolicyEvaluation.LOGGED_ARM)).isEqualTo("CALL");
    assertThat(a.<Double>getAs("assignment_probability")).isEqualTo(0.3);
    assertThat(a.<Integer>getAs("paid_overdue_7d")).isEqualTo(1);
    assertThat(rows.get("B").<Integer>getAs("paid_overdue_7d")).isZero();
  }

  @Test
  void aDeterministicNightIsRefusedNamingTheColumn() {
    Lake lake =
        lake(
            List.of(
                decision(NIGHT, "A", 5, "CALL", 1.0),
                decision(NIGHT, "B", 12, "MESSAGE", 1.0),
                decision(NIGHT, "C", 0, "MESSAGE", 0.5)),
            List.of(outcome(NIGHT, "A", 1)));

    assertThatThrownBy(() -> LoggedPolicyEvaluation.logged(spark, lake, NIGHT, "paid_overdue_7d"))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("account_scores")
        .hasMessageContaining("assignment_probability is 1.0 for all 2 decisions")
        .hasMessageContaining("Fix:");
  }

  @Test
  void anUnscoredNightOrMissingOutcomesAreRefused() {
    Lake lake = lake(List.of(decision(NIGHT, "A", 5, "CALL", 0.4)), null);

    assertThatThrownBy(
            () -> LoggedPolicyEvaluation.logged(spark, lake, NIGHT.plusDays(1), "paid_overdue_7d"))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("no decision for a past-due account on score_date 2025-07-01")
        .hasMessageContaining("callwise score --date 2025-07-01");
    assertThatThrownBy(() -> LoggedPolicyEvaluation.logged(spark, lake, NIGHT, "paid_overdue_7d"))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("treatment_outcomes")
        .hasMessageContaining("callwise labels --from 2025-06-30 --to 2025-06-30");
  }

  @Test
  void aNightWithoutOutcomesForItsAccountsIsRefused() {
    Lake lake =
        lake(
            List.of(decision(NIGHT, "A", 5, "CALL", 0.4)),
            List.of(outcome(NIGHT.minusDays(7), "A", 1)));

    assertThatThrownBy(() -> LoggedPolicyEvaluation.logged(spark, lake, NIGHT, "paid_overdue_7d"))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("has no outcome at 2025-06-30");
  }

  @Test
  void decisionsWrittenBeforeTheProbabilityWasLoggedAreRefused() {
    Lake lake = Lake.at(dir.resolve("old").toString());
    spark
        .createDataFrame(
            List.of(RowFactory.create(Date.valueOf(NIGHT), "A", 5, "CALL")),
            new StructType()
                .add("score_date", DataTypes.DateType)
                .add("account_id", DataTypes.StringType)
                .add("dpd_current", DataTypes.IntegerType)
                .add("treatment", DataTypes.StringType))
        .write()
        .format("delta")
        .save(Tables.ACCOUNT_SCORES.path(lake));

    assertThatThrownBy(() -> LoggedPolicyEvaluation.logged(spark, lake, NIGHT, "paid_overdue_7d"))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("has no column assignment_probability");
  }
}
