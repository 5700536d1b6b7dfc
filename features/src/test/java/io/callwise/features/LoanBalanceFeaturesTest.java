package io.callwise.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.testing.Ledger;
import io.callwise.testing.RawRows;
import io.callwise.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The principal an instalment loan still owes, as of 2025-06-30: known from each instalment's
 * statement date, the latest one of the 92 days up to the as-of date (2025-03-31 to 2025-06-30).
 */
class LoanBalanceFeaturesTest {

  static final LocalDate D = LocalDate.parse("2025-06-30");

  static Map<String, String> instalment(
      String id, String account, String statementDate, String outstanding) {
    Map<String, String> r = RawRows.instalment(id, account);
    r.put("statement_date", statementDate);
    r.put("due_date", LocalDate.parse(statementDate).plusDays(20).toString());
    r.put("principal_outstanding", outstanding);
    return r;
  }

  @Test
  void theLatestInstalmentBilledInTheWindowGivesTheLoanBalance() {
    SparkSession spark = SparkTestSession.get();
    List<Map<String, String>> rows = new ArrayList<>();
    // billed on D: the latest one counts; the next one is billed the day after D
    rows.add(instalment("a1", "ON-D", "2025-05-31", "900.00"));
    rows.add(instalment("a2", "ON-D", "2025-06-30", "820.00"));
    rows.add(instalment("a3", "ON-D", "2025-07-01", "740.00"));
    // the first day of the window
    rows.add(instalment("b1", "FIRST-DAY", "2025-03-31", "300.00"));
    // the day before it: nothing billed in the window
    rows.add(instalment("c1", "DAY-BEFORE", "2025-03-30", "300.00"));
    // a repaid loan owes nothing
    rows.add(instalment("d1", "REPAID", "2025-06-10", "0.00"));
    // an export without the value (a credit line's minimum)
    rows.add(instalment("e1", "NO-VALUE", "2025-06-10", null));
    List<Ledger> ledgers = new ArrayList<>();
    for (String id : List.of("ON-D", "FIRST-DAY", "DAY-BEFORE", "REPAID", "NO-VALUE")) {
      ledgers.add(new Ledger(id, "America/New_York"));
    }
    Dataset<Row> instalments = RawRows.typed(spark, RawTables.INSTALMENTS, rows);
    FeatureInputs in =
        StatementFeaturesTest.inputs(
            spark,
            Ledger.accounts(spark, ledgers),
            instalments,
            Ledger.repayments(spark, ledgers),
            null);
    Map<String, Double> outstanding = new HashMap<>();
    for (Row r : FeatureBuilder.build(in, Snapshots.of(D)).collectAsList()) {
      outstanding.put(r.getAs("account_id"), r.getAs("loan_principal_outstanding"));
    }
    assertThat(outstanding)
        .containsEntry("ON-D", 820.0)
        .containsEntry("FIRST-DAY", 300.0)
        .containsEntry("DAY-BEFORE", null)
        .containsEntry("REPAID", 0.0)
        .containsEntry("NO-VALUE", null);
  }
}
