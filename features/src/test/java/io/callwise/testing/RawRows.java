package io.callwise.testing;

import io.callwise.contract.TableSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Named builders of valid raw rows, as strings the way an export carries them. A test starts from a
 * valid row and changes the one value it is about, so the row fails for that reason only.
 */
public final class RawRows {

  private RawRows() {}

  /** One CSV line of {@code row}'s values, quoting a value that holds a comma. */
  public static String csvLine(Map<String, String> row) {
    return row.values().stream()
        .map(v -> v == null ? "" : v.contains(",") ? "\"" + v + "\"" : v)
        .collect(java.util.stream.Collectors.joining(","));
  }

  /**
   * Writes {@code {landing}/{batch}/{table}/part-0.csv} with the contract header and {@code lines};
   * returns the batch folder.
   */
  public static java.nio.file.Path writeCsv(
      java.nio.file.Path landing, String batch, TableSpec spec, List<String> lines)
      throws java.io.IOException {
    java.nio.file.Path folder = landing.resolve(batch).resolve(spec.name());
    java.nio.file.Files.createDirectories(folder);
    List<String> all = new java.util.ArrayList<>();
    all.add(String.join(",", spec.columnNames()));
    all.addAll(lines);
    java.nio.file.Files.write(folder.resolve("part-0.csv"), all);
    return landing.resolve(batch);
  }

  public static Map<String, String> account(String id) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("account_id", id);
    r.put("updated_at", "2025-01-01T06:00:00Z");
    r.put("customer_id", "C" + id);
    r.put("product", "CREDIT_LINE");
    r.put("opened_date", "2024-06-15");
    r.put("credit_limit", "1500.00");
    r.put("currency", "USD");
    r.put("internal_score", "640");
    r.put("time_zone", "America/Chicago");
    r.put("region", "US-MW");
    r.put("consent_call", "true");
    r.put("consent_sms", "true");
    r.put("consent_push", "false");
    r.put("consent_email", "true");
    r.put("do_not_contact", "false");
    r.put("status", "ACTIVE");
    r.put("status_date", null);
    return r;
  }

  public static Map<String, String> transaction(String id, String account) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("txn_id", id);
    r.put("account_id", account);
    r.put("txn_time", "2025-03-04T10:15:00Z");
    r.put("txn_type", "PURCHASE");
    r.put("amount", "25.40");
    r.put("merchant_category", "5411");
    r.put("status", "SUCCEEDED");
    return r;
  }

  public static Map<String, String> instalment(String id, String account) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("instalment_id", id);
    r.put("account_id", account);
    r.put("statement_date", "2025-03-10");
    r.put("due_date", "2025-03-31");
    r.put("principal_due", "80.00");
    r.put("interest_due", "15.50");
    r.put("fee_due", "0.00");
    r.put("amount_due", "95.50");
    r.put("principal_outstanding", null);
    return r;
  }

  /** A credit line's statement with every optional column, its balance adding up. */
  public static Map<String, String> statement(String id, String account) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("statement_id", id);
    r.put("account_id", account);
    r.put("statement_date", "2025-03-10");
    r.put("due_date", "2025-03-31");
    r.put("statement_balance", "812.40");
    r.put("minimum_due", "40.00");
    r.put("credit_limit", "1500.00");
    r.put("previous_balance", "700.00");
    r.put("purchases", "230.00");
    r.put("payments", "140.00");
    r.put("interest", "16.40");
    r.put("fees", "6.00");
    return r;
  }

  public static Map<String, String> repayment(String id, String account) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("repayment_id", id);
    r.put("account_id", account);
    r.put("paid_at", "2025-03-30T18:00:00Z");
    r.put("amount", "95.50");
    r.put("method", "MANUAL");
    r.put("status", "SUCCEEDED");
    r.put("reversed_at", null);
    return r;
  }

  public static Map<String, String> contact(String id, String account) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("contact_id", id);
    r.put("account_id", account);
    r.put("contact_time", "2025-04-03T15:00:00Z");
    r.put("channel", "CALL");
    r.put("outcome", "NO_ANSWER");
    r.put("promise_amount", null);
    r.put("promise_date", null);
    r.put("agent_id", "AG007");
    return r;
  }

  public static Map<String, String> complaint(String id, String account) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("complaint_id", id);
    r.put("account_id", account);
    r.put("opened_at", "2025-04-05T10:00:00Z");
    r.put("resolved_at", "2025-04-12T10:00:00Z");
    r.put("category", "FEE");
    return r;
  }

  public static Map<String, String> arrangement(String id, String account) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("arrangement_id", id);
    r.put("account_id", account);
    r.put("arrangement_type", "HARDSHIP_PLAN");
    r.put("created_at", "2025-04-01T11:00:00Z");
    r.put("start_date", "2025-04-02");
    r.put("end_date", "2025-06-30");
    r.put("status", "COMPLETED");
    r.put("closed_at", "2025-07-01T09:00:00Z");
    return r;
  }

  /** A copy of {@code row} with {@code column} set to {@code value}. */
  public static Map<String, String> with(Map<String, String> row, String column, String value) {
    if (!row.containsKey(column)) {
      throw new IllegalArgumentException("fixture has no column " + column);
    }
    Map<String, String> copy = new LinkedHashMap<>(row);
    copy.put(column, value);
    return copy;
  }

  /** String rows of {@code spec}, plus any extra string columns, as a Dataset. */
  public static Dataset<Row> frame(
      SparkSession spark, TableSpec spec, List<Map<String, String>> rows) {
    StructType schema = new StructType();
    for (String c : rows.isEmpty() ? spec.columnNames() : List.copyOf(rows.get(0).keySet())) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    List<Row> out = rows.stream().map(r -> RowFactory.create(r.values().toArray())).toList();
    return spark.createDataFrame(out, schema);
  }

  /**
   * Rows of {@code spec} as bronze holds them: each column cast to the contract's type; a column
   * the rows leave out is empty.
   */
  public static Dataset<Row> typed(
      SparkSession spark, TableSpec spec, List<Map<String, String>> rows) {
    Dataset<Row> strings = frame(spark, spec, rows);
    List<String> present = List.of(strings.columns());
    return strings.select(
        spec.fields().stream()
            .map(
                f ->
                    (present.contains(f.name())
                            ? strings.col(f.name())
                            : org.apache.spark.sql.functions.lit(null))
                        .cast(f.type())
                        .as(f.name()))
            .toArray(Column[]::new));
  }
}
