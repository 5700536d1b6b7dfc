package io.callwise.scoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.delinquency.Bucket;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import io.callwise.models.DelinquencyModel;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.ScoringTables;
import io.callwise.policy.TreatmentPolicy;
import io.callwise.testing.RawRows;
import io.callwise.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small book on one score date, as the scoring library meets it: feature rows (with the PD a
 * stand-in model gives each account) and the bronze rows the policy inputs and the audit read. A
 * test starts from it and changes what it is about.
 */
final class ScoringFixture {

  static final LocalDate D = LocalDate.parse("2025-07-14");

  final List<Map<String, Object>> features = new ArrayList<>();
  final List<Map<String, String>> accounts = new ArrayList<>();
  final List<Map<String, String>> contacts = new ArrayList<>();
  final List<Map<String, String>> complaints = new ArrayList<>();
  final List<Map<String, String>> arrangements = new ArrayList<>();
  final List<Map<String, String>> instalments = new ArrayList<>();

  /** An account of the book: ACTIVE, in New York, consenting to everything, at {@code dpd}. */
  Map<String, Object> account(String id, int dpd, double pd) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("account_id", id);
    f.put("product", "CREDIT_LINE");
    f.put("account_status", "ACTIVE");
    f.put("dpd_current", dpd);
    f.put("dpd_bucket", Bucket.of(dpd).label());
    f.put("overdue_amount", dpd == 0 ? 0.0 : 500.0);
    f.put("outstanding_balance", 800.0);
    f.put("credit_limit", 1500.0);
    f.put("statement_balance_last", null);
    f.put("loan_principal_outstanding", null);
    f.put("internal_score", 600);
    f.put("dispute_open", 0);
    f.put("legal_hold_active", 0);
    f.put("hardship_plan_active", 0);
    f.put("payment_holiday_active", 0);
    f.put("open_complaints", 0);
    f.put("days_since_last_complaint", 366);
    f.put("feature_catalog_version", "test");
    f.put("__pd", pd);
    features.add(f);
    Map<String, String> a = RawRows.account(id);
    a.put("time_zone", "America/New_York");
    a.put("region", "US-NE");
    a.put("consent_push", "true");
    accounts.add(a);
    return f;
  }

  static final StructType FEATURES = featureSchema();

  private static StructType featureSchema() {
    StructType s = new StructType();
    for (String c : Scoring.FEATURE_COLUMNS) {
      DataType t =
          switch (c) {
            case "overdue_amount",
                "outstanding_balance",
                "credit_limit",
                "statement_balance_last",
                "loan_principal_outstanding" ->
                DataTypes.DoubleType;
            case "account_id",
                "product",
                "account_status",
                "dpd_bucket",
                "feature_catalog_version" ->
                DataTypes.StringType;
            default -> DataTypes.IntegerType;
          };
      s = s.add(c, t, true);
    }
    return s.add("__pd", DataTypes.DoubleType, true);
  }

  Dataset<Row> features() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = features.stream().map(m -> RowFactory.create(m.values().toArray())).toList();
    return spark.createDataFrame(rows, FEATURES).repartition(2);
  }

  /**
   * A stand-in champion of {@code label}: the fixture's PD, and one reason (the model's label) on
   * the rows it is asked to explain.
   */
  static Scoring.Champion champion(LabelSpec label) {
    BiFunction<Dataset<Row>, Column, Dataset<Row>> explain =
        (rows, which) -> {
          Dataset<Row> scored = rows.withColumn(TreatmentPolicy.PD, col("__pd"));
          return scored.withColumn(
              ScoringTables.REASONS,
              when(
                      which,
                      array(
                          struct(
                              lit(label.name()).as("feature"),
                              lit("1").as("value"),
                              lit(1.0).as("contribution"))))
                  .otherwise(array())
                  .cast(DelinquencyModel.REASON_TYPE));
        };
    return new Scoring.Champion(label, label.name() + "-m1", explain);
  }

  static List<Scoring.Champion> champions() {
    return List.of(champion(LabelCatalog.EARLY_WARNING), champion(LabelCatalog.NO_SELF_CURE));
  }

  Dataset<Row> bronze(TableSpec spec, List<Map<String, String>> rows) {
    return RawRows.typed(SparkTestSession.get(), spec, rows);
  }

  Dataset<Row> accountVersions() {
    return bronze(RawTables.ACCOUNTS, accounts);
  }

  /** The night through the library: scored, joined with the policy inputs, decided, shaped. */
  Dataset<Row> decide(PolicySettings policy) {
    Dataset<Row> versions = accountVersions();
    Dataset<Row> settings = PolicyInputs.accounts(versions, D);
    Dataset<Row> input =
        PolicyInputs.join(
            Scoring.score(features(), champions(), TreatmentPolicy.mayContact(policy)),
            settings,
            PolicyInputs.contactHistory(bronze(RawTables.CONTACTS, contacts), settings, D, policy),
            PolicyInputs.nextDue(bronze(RawTables.INSTALMENTS, instalments), D));
    try (TreatmentPolicy.Decisions decisions = TreatmentPolicy.decide(input, policy, D)) {
      return Scoring.accountScores(decisions.rows(), D, "run-1").localCheckpoint();
    }
  }

  DecisionAudit.Inputs auditInputs() {
    return new DecisionAudit.Inputs(
        features().select("account_id"),
        accountVersions(),
        bronze(RawTables.ARRANGEMENTS, arrangements),
        bronze(RawTables.COMPLAINTS, complaints),
        bronze(RawTables.CONTACTS, contacts));
  }
}
