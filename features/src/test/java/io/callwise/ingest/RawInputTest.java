package io.callwise.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callwise.contract.RawTables;
import io.callwise.testing.RawRows;
import io.callwise.testing.SparkTestSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RawInputTest {

  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
  }

  @Test
  void missingColumnNamesTableColumnAndFix() {
    Map<String, String> row = new LinkedHashMap<>(RawRows.transaction("T1", "A1"));
    row.remove("amount");
    var frame = RawRows.frame(spark, RawTables.TRANSACTIONS, List.of(row));
    assertThatThrownBy(
            () ->
                RawInput.normalize(
                    RawTables.TRANSACTIONS, frame, null, IngestSettings.ExtraColumnPolicy.IGNORE))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("transactions.amount")
        .hasMessageContaining("missing")
        .hasMessageContaining("DATA_CONTRACT.md");
  }

  @Test
  void aColumnTheContractGainedMayBeLeftOutAndReadsAsEmpty() {
    Map<String, String> without = new LinkedHashMap<>(RawRows.instalment("I1", "A1"));
    without.remove("principal_outstanding");
    Row old = normalizedInstalment(without, IngestSettings.ExtraColumnPolicy.FAIL).first();
    assertThat(old.<String>getAs("principal_outstanding")).isNull();
    assertThat(old.<String>getAs("amount_due")).isEqualTo("95.50");

    Map<String, String> with = new LinkedHashMap<>(without);
    with.put("principal_outstanding", "1200.00");
    Row current = normalizedInstalment(with, IngestSettings.ExtraColumnPolicy.FAIL).first();
    assertThat(current.<String>getAs("principal_outstanding")).isEqualTo("1200.00");

    // the columns every export has remain required
    Map<String, String> noDue = new LinkedHashMap<>(without);
    noDue.remove("amount_due");
    assertThatThrownBy(() -> normalizedInstalment(noDue, IngestSettings.ExtraColumnPolicy.IGNORE))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("instalments.amount_due")
        .hasMessageNotContaining("principal_outstanding");
  }

  private static org.apache.spark.sql.Dataset<Row> normalizedInstalment(
      Map<String, String> row, IngestSettings.ExtraColumnPolicy policy) {
    return RawInput.normalize(
            RawTables.INSTALMENTS,
            RawRows.frame(spark, RawTables.INSTALMENTS, List.of(row)),
            null,
            policy)
        .rows();
  }

  @Test
  void extraColumnsAreReportedOrRefusedByPolicy() {
    Map<String, String> row = new LinkedHashMap<>(RawRows.transaction("T1", "A1"));
    row.put("channel_note", "x");
    var frame = RawRows.frame(spark, RawTables.TRANSACTIONS, List.of(row));
    var normalized =
        RawInput.normalize(
            RawTables.TRANSACTIONS, frame, null, IngestSettings.ExtraColumnPolicy.IGNORE);
    assertThat(normalized.extraColumns()).containsExactly("channel_note");
    assertThat(normalized.rows().columns()).doesNotContain("channel_note");
    assertThatThrownBy(
            () ->
                RawInput.normalize(
                    RawTables.TRANSACTIONS, frame, null, IngestSettings.ExtraColumnPolicy.FAIL))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("channel_note")
        .hasMessageContaining("callwise.ingest.extra-columns");
  }

  @Test
  void protectedAttributesNeverReachTheRawRecord() {
    Map<String, String> row = new LinkedHashMap<>(RawRows.account("A1"));
    row.put("Gender", "F");
    row.put("date_of_birth", "1990-01-01");
    var frame = RawRows.frame(spark, RawTables.ACCOUNTS, List.of(row));
    var normalized =
        RawInput.normalize(
            RawTables.ACCOUNTS, frame, null, IngestSettings.ExtraColumnPolicy.IGNORE);
    Row first = normalized.rows().first();
    String raw = first.getAs(RawInput.RAW_RECORD);
    assertThat(raw)
        .contains("\"account_id\":\"A1\"")
        .doesNotContain("Gender")
        .doesNotContain("1990-01-01");
  }

  @Test
  void columnNamesMatchCaseInsensitivelyAndRepeatsAreRefused() {
    Map<String, String> row = new LinkedHashMap<>();
    RawRows.transaction("T1", "A1")
        .forEach((k, v) -> row.put(k.toUpperCase(java.util.Locale.ROOT), v));
    var frame = RawRows.frame(spark, RawTables.TRANSACTIONS, List.of(row));
    var normalized =
        RawInput.normalize(
            RawTables.TRANSACTIONS, frame, null, IngestSettings.ExtraColumnPolicy.IGNORE);
    assertThat(normalized.rows().first().<String>getAs("txn_id")).isEqualTo("T1");

    var twice = frame.select(frame.col("*"), frame.col("TXN_ID").as("txn_id"));
    assertThatThrownBy(
            () ->
                RawInput.normalize(
                    RawTables.TRANSACTIONS, twice, null, IngestSettings.ExtraColumnPolicy.IGNORE))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("appears twice");
  }
}
