package io.callwise.features;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callwise.contract.RawTables;
import io.callwise.testing.Ledger;
import io.callwise.testing.SparkTestSession;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revolving features of one New York credit line as of 2025-06-30, from five named statements at
 * the edges of their windows and payments either side of local midnight on a due date.
 */
class StatementFeaturesTest {

  static final ZoneId NY = ZoneId.of("America/New_York");
  static final LocalDate D = LocalDate.parse("2025-06-30");
  static Row row;
  static Row withoutStatements;

  static Object[] statement(
      String id, String cut, String due, String balance, String minimum, String limit) {
    return new Object[] {
      id,
      "A1",
      Date.valueOf(cut),
      Date.valueOf(due),
      new BigDecimal(balance),
      new BigDecimal(minimum),
      new BigDecimal(limit),
      null,
      null,
      null,
      null,
      null
    };
  }

  @BeforeAll
  static void build() {
    SparkSession spark = SparkTestSession.get();
    Ledger ledger =
        new Ledger("A1", "America/New_York")
            .bill("2025-01-31", "2025-02-21", "20.00")
            .bill("2025-03-31", "2025-04-21", "25.00")
            .bill("2025-04-30", "2025-05-21", "40.00")
            .bill("2025-05-31", "2025-06-21", "60.00")
            .bill("2025-06-30", "2025-07-21", "70.00")
            // s0 paid in full, s1 paid in full.
            .pay("2025-02-10", "200.00")
            .pay("2025-04-15", "500.00")
            // s2: 23:30 in New York on its due date is still the due date.
            .payAt(LocalDate.parse("2025-05-21").atTime(23, 30).atZone(NY).toInstant(), "100.00")
            // s3: 00:30 in New York the day after its due date is too late.
            .payAt(LocalDate.parse("2025-06-22").atTime(0, 30).atZone(NY).toInstant(), "30.00");
    List<Object[]> statements =
        List.of(
            // Inside the 183-day window (from 2025-01-01), outside the 92-day one (from 03-31).
            statement("s0", "2025-01-31", "2025-02-21", "200.00", "20.00", "1000.00"),
            // Cut on the first day of the 92-day window.
            statement("s1", "2025-03-31", "2025-04-21", "500.00", "25.00", "1000.00"),
            statement("s2", "2025-04-30", "2025-05-21", "800.00", "40.00", "1000.00"),
            statement("s3", "2025-05-31", "2025-06-21", "1100.00", "60.00", "1000.00"),
            // Cut on D: counts for utilization; due after D: not yet for payments.
            statement("s4", "2025-06-30", "2025-07-21", "1200.00", "70.00", "1000.00"));
    List<Row> rows = new ArrayList<>();
    statements.forEach(r -> rows.add(RowFactory.create(r)));
    Dataset<Row> st = spark.createDataFrame(rows, RawTables.STATEMENTS.schema());
    Dataset<Row> accounts = Ledger.accounts(spark, List.of(ledger));
    Dataset<Row> instalments = Ledger.instalments(spark, List.of(ledger));
    Dataset<Row> repayments = Ledger.repayments(spark, List.of(ledger));
    row =
        FeatureBuilder.build(inputs(spark, accounts, instalments, repayments, st), Snapshots.of(D))
            .filter(col("account_id").equalTo("A1"))
            .first();
    FeatureInputs noStatements = inputs(spark, accounts, instalments, repayments, null);
    withoutStatements = FeatureBuilder.build(noStatements, Snapshots.of(D)).first();
  }

  /** The account's ledger and statements, with no other event. */
  static FeatureInputs inputs(
      SparkSession spark,
      Dataset<Row> accounts,
      Dataset<Row> instalments,
      Dataset<Row> repayments,
      Dataset<Row> statements) {
    return new FeatureInputs(
        accounts,
        spark.createDataFrame(List.of(), RawTables.TRANSACTIONS.schema()),
        instalments,
        repayments,
        spark.createDataFrame(List.of(), RawTables.CONTACTS.schema()),
        spark.createDataFrame(List.of(), RawTables.COMPLAINTS.schema()),
        spark.createDataFrame(List.of(), RawTables.ARRANGEMENTS.schema()),
        statements,
        true);
  }

  @Test
  void utilizationIsTheLatestStatementsAndItsWindowsCountByStatementDate() {
    assertThat(row.<Integer>getAs("statements_365d")).isEqualTo(5);
    assertThat(row.<Double>getAs("statement_utilization_last")).isEqualTo(1.2);
    assertThat(row.<Double>getAs("statement_balance_last")).isEqualTo(1200.0);
    // 92 days: s1..s4; 183 days: s0..s4.
    assertThat(row.<Double>getAs("statement_utilization_avg_92d")).isCloseTo(0.9, within(1e-9));
    assertThat(row.<Double>getAs("statement_utilization_avg_183d")).isCloseTo(0.76, within(1e-9));
    assertThat(row.<Double>getAs("statement_utilization_max_183d")).isEqualTo(1.2);
    assertThat(row.<Integer>getAs("over_limit_statements_183d")).isEqualTo(2);
    assertThat(row.<Double>getAs("statement_utilization_trend_92d")).isCloseTo(0.3, within(1e-9));
    assertThat(row.<Double>getAs("statement_balance_growth_183d"))
        .isCloseTo(1200.0 / 760.0 - 1, within(1e-9));
  }

  @Test
  void paymentsCountUpToTheEndOfTheLocalDueDate() {
    // Due in the last 92 days: s1 in full, s2 the minimum (paid 23:30 on its due date), s3 below
    // (paid 00:30 the day after); s4 is not due yet.
    assertThat(row.<Integer>getAs("statements_paid_in_full_92d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("statements_paid_minimum_92d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("statements_paid_below_minimum_92d")).isEqualTo(1);
    assertThat(row.<Integer>getAs("statements_paid_in_full_183d")).isEqualTo(2);
    assertThat(row.<Double>getAs("payment_ratio_last")).isEqualTo(0.0);
    assertThat(row.<Double>getAs("payment_ratio_avg_183d"))
        .isCloseTo((1.0 + 1.0 + 100.0 / 800.0 + 0.0) / 4, within(1e-9));
    assertThat(row.<Integer>getAs("days_since_full_payment")).isEqualTo(70);
    assertThat(row.<Double>getAs("statements_revolving_in_a_row")).isEqualTo(2.0);
  }

  @Test
  void anAccountWithoutStatementsHasNone() {
    assertThat(withoutStatements.<Integer>getAs("statements_365d")).isZero();
    assertThat(withoutStatements.<Integer>getAs("statements_paid_in_full_365d")).isZero();
    assertThat(
            withoutStatements.isNullAt(withoutStatements.fieldIndex("statement_utilization_last")))
        .isTrue();
    assertThat(withoutStatements.<Integer>getAs("days_since_full_payment")).isEqualTo(366);
  }
}
