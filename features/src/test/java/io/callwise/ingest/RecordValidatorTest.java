package io.callwise.ingest;

import static io.callwise.testing.RawRows.with;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.testing.RawRows;
import io.callwise.testing.SparkTestSession;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every validation rule, with a named fixture that triggers it and the boundary cases around it.
 * Each case states the reason its author expects; one Spark job per table checks them all.
 */
class RecordValidatorTest {

  static final Instant AS_OF = Instant.parse("2025-12-31T12:00:00Z");
  static final IngestSettings SETTINGS =
      new IngestSettings(
          "b1", AS_OF, LocalDate.parse("2000-01-01"), 10, IngestSettings.ExtraColumnPolicy.IGNORE);

  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.get();
  }

  /** One fixture row and the verdict expected for it (null: accepted). */
  record Case(String name, Map<String, String> row, ReasonCode expected) {}

  static final List<Case> CASES = new ArrayList<>();
  static final Set<ReasonCode> COVERED = EnumSet.noneOf(ReasonCode.class);

  static void accept(String name, Map<String, String> row) {
    CASES.add(new Case(name, row, null));
  }

  static void reject(String name, Map<String, String> row, ReasonCode reason) {
    CASES.add(new Case(name, row, reason));
  }

  static {
    var t = RawRows.transaction("T1", "A1");
    accept("txn valid purchase", t);
    accept("txn amount at the maximum", with(with(t, "txn_id", "T2"), "amount", "1000000.00"));
    accept("txn amount at the minimum", with(with(t, "txn_id", "T3"), "amount", "0.01"));
    accept(
        "txn time exactly at as-of",
        with(with(t, "txn_id", "T4"), "txn_time", "2025-12-31T12:00:00Z"));
    accept(
        "txn time with an offset",
        with(with(t, "txn_id", "T5"), "txn_time", "2025-03-04T12:15:00+02:00"));
    accept("txn time with padding blanks", with(with(t, "txn_id", "T6"), "amount", "  25.40 "));
    accept("txn key from a re-run of this batch", with(t, "txn_id", "T-same-batch"));
    reject("txn id empty", with(t, "txn_id", null), ReasonCode.MISSING_KEY);
    // A Latin-1 byte read as UTF-8 becomes U+FFFD; a NUL or a line break inside a value.
    reject(
        "txn id not UTF-8",
        with(t, "txn_id", "C\uFFFD\uFFFD00000000"),
        ReasonCode.INVALID_ENCODING);
    reject("txn id with NUL", with(t, "txn_id", "T\u00001"), ReasonCode.CONTROL_CHARACTER);
    reject(
        "merchant category with a line break",
        with(t, "merchant_category", "54\n11"),
        ReasonCode.CONTROL_CHARACTER);
    reject(
        "txn account blank",
        with(with(t, "txn_id", "T7"), "account_id", ""),
        ReasonCode.MISSING_KEY);
    reject(
        "txn type empty",
        with(with(t, "txn_id", "T8"), "txn_type", null),
        ReasonCode.MISSING_VALUE);
    reject(
        "amount with comma",
        with(with(t, "txn_id", "T9"), "amount", "12,50"),
        ReasonCode.INVALID_TYPE);
    reject(
        "amount with 3 decimals",
        with(with(t, "txn_id", "T10"), "amount", "12.345"),
        ReasonCode.INVALID_TYPE);
    reject(
        "time as dd/MM/yyyy",
        with(with(t, "txn_id", "T11"), "txn_time", "04/03/2025 10:15"),
        ReasonCode.INVALID_TYPE);
    reject(
        "time on 30 February",
        with(with(t, "txn_id", "T12"), "txn_time", "2025-02-30T10:00:00Z"),
        ReasonCode.INVALID_TYPE);
    reject(
        "status unknown",
        with(with(t, "txn_id", "T13"), "status", "PENDING"),
        ReasonCode.UNKNOWN_ENUM_VALUE);
    reject(
        "type in lower case",
        with(with(t, "txn_id", "T14"), "txn_type", "purchase"),
        ReasonCode.UNKNOWN_ENUM_VALUE);
    reject(
        "mcc not 4 digits",
        with(with(t, "txn_id", "T15"), "merchant_category", "54A1"),
        ReasonCode.INVALID_FORMAT);
    reject(
        "amount negative",
        with(with(t, "txn_id", "T16"), "amount", "-25.40"),
        ReasonCode.NEGATIVE_AMOUNT);
    reject(
        "amount absurd",
        with(with(t, "txn_id", "T17"), "amount", "1000000.01"),
        ReasonCode.VALUE_OUT_OF_RANGE);
    reject(
        "amount zero",
        with(with(t, "txn_id", "T18"), "amount", "0.00"),
        ReasonCode.VALUE_OUT_OF_RANGE);
    // Money is capped by the account's currency (callwise.ingest.money-caps).
    var rupiah = with(with(t, "txn_id", "T-IDR1"), "account_id", "A-IDR");
    accept("rupiah amount above the dollar cap", with(rupiah, "amount", "5000000000.00"));
    reject(
        "rupiah amount above the rupiah cap",
        with(with(rupiah, "txn_id", "T-IDR2"), "amount", "17000000000.01"),
        ReasonCode.VALUE_OUT_OF_RANGE);
    accept(
        "yen amount at the yen cap",
        with(with(with(t, "txn_id", "T-JPY1"), "account_id", "A-JPY"), "amount", "150000000.00"));
    reject(
        "time before min-date",
        with(with(t, "txn_id", "T19"), "txn_time", "1999-12-31T23:59:59Z"),
        ReasonCode.DATE_OUT_OF_RANGE);
    reject(
        "time one second after as-of",
        with(with(t, "txn_id", "T20"), "txn_time", "2025-12-31T12:00:01Z"),
        ReasonCode.DATE_IN_FUTURE);
    reject(
        "unknown enum wins over negative amount",
        with(with(with(t, "txn_id", "T21"), "status", "PAID"), "amount", "-1.00"),
        ReasonCode.UNKNOWN_ENUM_VALUE);
    accept("identical copy 1 (kept)", with(t, "txn_id", "T-dup"));
    reject("identical copy 2", with(t, "txn_id", "T-dup"), ReasonCode.DUPLICATE_IN_BATCH);
    reject("conflicting copy a", with(t, "txn_id", "T-conf"), ReasonCode.CONFLICTING_DUPLICATE);
    reject(
        "conflicting copy b",
        with(with(t, "txn_id", "T-conf"), "amount", "99.00"),
        ReasonCode.CONFLICTING_DUPLICATE);
    accept("valid row sharing a key with an invalid row", with(t, "txn_id", "T-mix"));
    reject(
        "invalid row sharing a key",
        with(with(t, "txn_id", "T-mix"), "amount", "x"),
        ReasonCode.INVALID_TYPE);
    reject(
        "key accepted by an earlier batch",
        with(t, "txn_id", "T-old"),
        ReasonCode.ALREADY_INGESTED);
    reject(
        "unknown account",
        with(with(t, "txn_id", "T22"), "account_id", "A404"),
        ReasonCode.ORPHAN_REFERENCE);

    var a = RawRows.account("A1");
    accept("account valid", a);
    accept(
        "rupiah credit limit above the dollar cap",
        with(
            with(with(a, "account_id", "A-IDR9"), "currency", "IDR"),
            "credit_limit",
            "50000000.00"));
    reject(
        "dollar credit limit above the dollar cap",
        with(with(a, "account_id", "A-USD9"), "credit_limit", "1000000.01"),
        ReasonCode.VALUE_OUT_OF_RANGE);
    accept("account second version", with(a, "updated_at", "2025-02-01T06:00:00Z"));
    accept(
        "score at the floor",
        with(a, "updated_at", "2025-02-02T06:00:00Z").entrySet().stream()
            .collect(
                LinkedHashMap::new,
                (m, e) ->
                    m.put(e.getKey(), e.getKey().equals("internal_score") ? "300" : e.getValue()),
                Map::putAll));
    accept("account without score", with(with(a, "account_id", "A2"), "internal_score", null));
    reject(
        "time zone unknown",
        with(with(a, "account_id", "A3"), "time_zone", "Mars/Olympus"),
        ReasonCode.INVALID_FORMAT);
    reject(
        "currency lower case",
        with(with(a, "account_id", "A4"), "currency", "usd"),
        ReasonCode.INVALID_FORMAT);
    reject(
        "score not an integer",
        with(with(a, "account_id", "A5"), "internal_score", "6.4e2"),
        ReasonCode.INVALID_TYPE);
    reject(
        "consent not a boolean",
        with(with(a, "account_id", "A6"), "consent_call", "maybe"),
        ReasonCode.INVALID_TYPE);
    reject(
        "score above 900",
        with(with(a, "account_id", "A7"), "internal_score", "901"),
        ReasonCode.VALUE_OUT_OF_RANGE);
    reject(
        "opened after the version",
        with(with(a, "account_id", "A8"), "opened_date", "2025-02-01"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "status date before opening",
        with(with(a, "account_id", "A9"), "status_date", "2024-01-01"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "status empty",
        with(with(a, "account_id", "A10"), "status", null),
        ReasonCode.MISSING_VALUE);
    reject(
        "status date in the future",
        with(with(a, "account_id", "A11"), "status_date", "2026-01-02"),
        ReasonCode.DATE_IN_FUTURE);
    accept(
        "status date one day ahead of UTC",
        with(
            with(with(a, "account_id", "A12"), "status_date", "2026-01-01"),
            "updated_at",
            "2025-12-31T11:00:00Z"));

    var i = RawRows.instalment("I1", "A1");
    accept("instalment valid", i);
    accept(
        "due on a leap day",
        with(
            with(with(i, "instalment_id", "I2"), "due_date", "2024-02-29"),
            "statement_date",
            "2024-02-08"));
    accept("due far but allowed", with(with(i, "instalment_id", "I3"), "due_date", "2030-01-01"));
    reject(
        "due on 29 February 2025",
        with(with(i, "instalment_id", "I4"), "due_date", "2025-02-29"),
        ReasonCode.INVALID_TYPE);
    reject(
        "due absurdly far",
        with(with(i, "instalment_id", "I5"), "due_date", "2040-01-01"),
        ReasonCode.DATE_OUT_OF_RANGE);
    reject(
        "amount due is not the sum",
        with(with(i, "instalment_id", "I6"), "amount_due", "95.51"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "due before statement",
        with(with(i, "instalment_id", "I7"), "due_date", "2025-03-09"),
        ReasonCode.INCONSISTENT_RECORD);

    var r = RawRows.repayment("R1", "A1");
    accept("repayment valid", r);
    accept(
        "reversal with its time",
        with(
            with(with(r, "repayment_id", "R2"), "status", "REVERSED"),
            "reversed_at",
            "2025-04-02T09:00:00Z"));
    reject(
        "reversal without time",
        with(with(r, "repayment_id", "R3"), "status", "REVERSED"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "success with a reversal time",
        with(with(r, "repayment_id", "R4"), "reversed_at", "2025-04-02T09:00:00Z"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "reversed before paid",
        with(
            with(with(r, "repayment_id", "R5"), "status", "REVERSED"),
            "reversed_at",
            "2025-03-01T09:00:00Z"),
        ReasonCode.INCONSISTENT_RECORD);

    var c = RawRows.contact("K1", "A1");
    accept("contact valid call", c);
    accept(
        "promise with amount and date",
        with(
            with(
                with(with(c, "contact_id", "K2"), "outcome", "PROMISE_TO_PAY"),
                "promise_amount",
                "50.00"),
            "promise_date",
            "2025-04-10"));
    reject(
        "sms that connected",
        with(with(with(c, "contact_id", "K3"), "channel", "SMS"), "outcome", "CONNECTED"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "promise without amount",
        with(with(c, "contact_id", "K4"), "outcome", "PROMISE_TO_PAY"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "no answer with a promise",
        with(with(c, "contact_id", "K5"), "promise_amount", "10.00"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "promise dated before the call",
        with(
            with(
                with(with(c, "contact_id", "K6"), "outcome", "PROMISE_TO_PAY"),
                "promise_amount",
                "50.00"),
            "promise_date",
            "2025-04-01"),
        ReasonCode.INCONSISTENT_RECORD);

    var st = RawRows.statement("S1", "A1");
    accept(
        "yen credit balance within the yen cap",
        with(
            with(
                with(
                    with(with(st, "statement_id", "S-JPY"), "account_id", "A-JPY"),
                    "previous_balance",
                    null),
                "statement_balance",
                "-100000000.00"),
            "minimum_due",
            "0.00"));
    accept("statement whose balance adds up", st);
    accept(
        "statement without the cycle's movements",
        with(with(with(st, "statement_id", "S2"), "previous_balance", null), "purchases", null));
    accept(
        "statement in credit, nothing due",
        with(
            with(
                with(with(st, "statement_id", "S3"), "statement_balance", "-25.00"),
                "minimum_due",
                "0.00"),
            "previous_balance",
            null));
    accept(
        "minimum due equal to the balance",
        with(
            with(with(with(st, "statement_id", "S4"), "minimum_due", "812.40"), "payments", null),
            "statement_balance",
            "812.40"));
    reject(
        "minimum due above the balance",
        with(with(with(st, "statement_id", "S5"), "minimum_due", "812.41"), "payments", null),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "something due on a credit balance",
        with(
            with(
                with(with(st, "statement_id", "S6"), "statement_balance", "-25.00"),
                "minimum_due",
                "0.01"),
            "previous_balance",
            null),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "balance that does not add up",
        with(with(st, "statement_id", "S7"), "statement_balance", "812.39"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "statement due before it is cut",
        with(with(st, "statement_id", "S8"), "due_date", "2025-03-09"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "negative minimum due",
        with(with(st, "statement_id", "S9"), "minimum_due", "-40.00"),
        ReasonCode.NEGATIVE_AMOUNT);
    reject(
        "statement balance beyond the cap",
        with(
            with(
                with(with(st, "statement_id", "S10"), "statement_balance", "-1000000.01"),
                "previous_balance",
                null),
            "minimum_due",
            "0.00"),
        ReasonCode.VALUE_OUT_OF_RANGE);
    reject(
        "statement of an unknown account",
        with(with(st, "statement_id", "S11"), "account_id", "A404"),
        ReasonCode.ORPHAN_REFERENCE);

    var q = RawRows.complaint("Q1", "A1");
    accept("complaint resolved", q);
    accept("complaint open", with(with(q, "complaint_id", "Q2"), "resolved_at", null));
    reject(
        "resolved before opened",
        with(with(q, "complaint_id", "Q3"), "resolved_at", "2025-04-01T10:00:00Z"),
        ReasonCode.INCONSISTENT_RECORD);

    var h = RawRows.arrangement("H1", "A1");
    accept("arrangement completed", h);
    accept(
        "arrangement active open-ended",
        with(
            with(with(with(h, "arrangement_id", "H2"), "status", "ACTIVE"), "closed_at", null),
            "end_date",
            null));
    reject(
        "active but closed",
        with(with(h, "arrangement_id", "H3"), "status", "ACTIVE"),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "completed without close time",
        with(with(h, "arrangement_id", "H4"), "closed_at", null),
        ReasonCode.INCONSISTENT_RECORD);
    reject(
        "ends before it starts",
        with(with(h, "arrangement_id", "H5"), "end_date", "2025-03-01"),
        ReasonCode.INCONSISTENT_RECORD);
  }

  static TableSpec tableOf(Case c) {
    for (TableSpec spec : RawTables.ALL) {
      if (spec.columnNames().equals(List.copyOf(c.row().keySet()))) {
        return spec;
      }
    }
    throw new IllegalStateException("no table has the columns of case " + c.name());
  }

  static Dataset<Row> priorKeys(TableSpec spec) {
    if (!spec.name().equals("transactions")) {
      return null;
    }
    StructType schema =
        new StructType()
            .add("txn_id", DataTypes.StringType)
            .add("ingest_batch_id", DataTypes.StringType);
    return spark.createDataFrame(
        List.of(RowFactory.create("T-old", "b0"), RowFactory.create("T-same-batch", "b1")), schema);
  }

  /** Accounts ingested before: two in dollars, one in rupiah, one in yen. */
  static Dataset<Row> knownAccounts() {
    return spark.createDataFrame(
        List.of(
            RowFactory.create("A1", "USD"),
            RowFactory.create("A2", "USD"),
            RowFactory.create("A-IDR", "IDR"),
            RowFactory.create("A-JPY", "JPY")),
        new StructType()
            .add("account_id", DataTypes.StringType)
            .add("currency", DataTypes.StringType));
  }

  /** Validates the cases of one table; returns the reason code observed per case name. */
  static Map<String, List<String>> verdicts(
      TableSpec spec, List<Case> cases, String malformedLine) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (Case c : cases) {
      Map<String, String> row = new LinkedHashMap<>(c.row());
      row.put("test_case", c.name());
      row.put("_corrupt_record", null);
      rows.add(row);
    }
    if (malformedLine != null) {
      Map<String, String> broken = new LinkedHashMap<>(rows.get(0));
      broken.replaceAll((k, v) -> null);
      broken.put("_corrupt_record", malformedLine);
      rows.add(broken);
    }
    Dataset<Row> frame = RawRows.frame(spark, spec, rows);
    RawInput.Normalized n =
        RawInput.normalize(spec, frame, "_corrupt_record", IngestSettings.ExtraColumnPolicy.IGNORE);
    assertThat(n.extraColumns()).containsExactly("test_case");
    assertThat(n.rows().filter(col(RawInput.RAW_RECORD).contains("\"test_case\":")).count())
        .as("a column outside the contract never reaches the raw record")
        .isZero();
    Dataset<Row> validated =
        RecordValidator.validate(
            spec,
            n.rows(),
            SETTINGS,
            priorKeys(spec),
            spec.referencesAccounts() ? knownAccounts() : null);
    // The raw record holds the contract columns only (never test_case, a column outside the
    // contract): a case is found again by the JSON of its contract values. Cases with the same
    // values share that JSON and are compared as a group.
    Map<String, String> caseOfRaw = new HashMap<>();
    for (Row r :
        frame
            .select(
                to_json(
                        struct(
                            spec.columnNames().stream()
                                .map(c -> col(c).cast("string").as(c))
                                .toArray(org.apache.spark.sql.Column[]::new)))
                    .as("raw"),
                col("test_case"))
            .collectAsList()) {
      if (r.getString(1) != null) {
        caseOfRaw.merge(r.getString(0), r.getString(1), (a, b) -> a.equals(b) ? a : a + " | " + b);
      }
    }
    Map<String, List<String>> out = new HashMap<>();
    for (Row r :
        validated
            .select(
                col(RawInput.RAW_RECORD),
                col(RecordValidator.REASON_CODE),
                col(RecordValidator.REASON_DETAIL))
            .collectAsList()) {
      String raw = r.getString(0);
      String name =
          raw.startsWith("line withheld") ? malformedLine : caseOfRaw.getOrDefault(raw, raw);
      out.computeIfAbsent(name, k -> new ArrayList<>())
          .add(r.isNullAt(1) ? "ACCEPTED" : r.getString(1));
      if (!r.isNullAt(1)) {
        assertThat(r.getString(2)).as("detail of %s", r.getString(0)).isNotBlank();
      }
    }
    return out;
  }

  @Test
  void everyCaseGetsTheVerdictItsFixtureStates() {
    Map<TableSpec, List<Case>> byTable =
        CASES.stream().collect(Collectors.groupingBy(RecordValidatorTest::tableOf));
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<TableSpec, List<Case>> e : byTable.entrySet()) {
      boolean transactions = e.getKey().name().equals("transactions");
      String malformed = transactions ? "T-bad,A1,\"2025-03-04T10:15:00Z,PURCHASE" : null;
      Map<String, List<String>> seen = verdicts(e.getKey(), e.getValue(), malformed);
      Map<String, List<String>> expected = new HashMap<>();
      for (Case c : e.getValue()) {
        // cases with identical contract values are seen as one group, "name | name"
        String group =
            seen.keySet().stream()
                .filter(k -> List.of(k.split(" \\| ")).contains(c.name()))
                .findFirst()
                .orElse(c.name());
        expected
            .computeIfAbsent(group, k -> new ArrayList<>())
            .add(c.expected() == null ? "ACCEPTED" : c.expected().name());
        if (c.expected() != null) {
          COVERED.add(c.expected());
        }
      }
      if (malformed != null) {
        expected.put(malformed, List.of(ReasonCode.MALFORMED_RECORD.name()));
        COVERED.add(ReasonCode.MALFORMED_RECORD);
      }
      for (String name : expected.keySet()) {
        List<String> want = new ArrayList<>(expected.get(name));
        List<String> got = new ArrayList<>(seen.getOrDefault(name, List.of()));
        want.sort(null);
        got.sort(null);
        if (!want.equals(got)) {
          mismatches.add(e.getKey().name() + " / " + name + ": expected " + want + ", got " + got);
        }
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(COVERED)
        .as("every reason code has a fixture")
        .containsExactlyInAnyOrder(ReasonCode.values());
  }

  @Test
  void acceptedRowsCarryTypedValues() {
    TableSpec spec = RawTables.TRANSACTIONS;
    var row = with(RawRows.transaction("T1", "A1"), "txn_time", "2025-03-04T12:15:00+02:00");
    RawInput.Normalized n =
        RawInput.normalize(
            spec,
            RawRows.frame(spark, spec, List.of(row)),
            null,
            IngestSettings.ExtraColumnPolicy.IGNORE);
    Row accepted =
        RecordValidator.accepted(
                RecordValidator.validate(spec, n.rows(), SETTINGS, null, knownAccounts()))
            .first();
    assertThat(accepted.<BigDecimal>getAs("amount")).isEqualByComparingTo("25.40");
    assertThat(accepted.<java.sql.Timestamp>getAs("txn_time").toInstant())
        .isEqualTo(Instant.parse("2025-03-04T10:15:00Z"));
    assertThat(accepted.schema().apply("amount").dataType())
        .isEqualTo(spec.schema().apply("amount").dataType());
  }

  /**
   * Property: for random mixtures of good and bad rows, every row read gets exactly one verdict.
   */
  @Test
  void acceptedPlusQuarantinedEqualsRead() {
    TableSpec spec = RawTables.TRANSACTIONS;
    List<Case> pool = CASES.stream().filter(c -> tableOf(c) == spec).toList();
    for (long seed = 1; seed <= 3; seed++) {
      Random random = new Random(seed);
      List<Map<String, String>> rows = new ArrayList<>();
      int n = 50 + random.nextInt(150);
      for (int k = 0; k < n; k++) {
        Map<String, String> base = pool.get(random.nextInt(pool.size())).row();
        // Fresh keys for most rows, repeated keys for some, so duplicates arise at random.
        String key = random.nextInt(5) == 0 ? "K" + random.nextInt(10) : "R" + seed + "-" + k;
        rows.add(base.get("txn_id") == null ? base : with(base, "txn_id", key));
      }
      RawInput.Normalized normalized =
          RawInput.normalize(
              spec,
              RawRows.frame(spark, spec, rows),
              null,
              IngestSettings.ExtraColumnPolicy.IGNORE);
      Dataset<Row> validated =
          RecordValidator.validate(
              spec, normalized.rows(), SETTINGS, priorKeys(spec), knownAccounts());
      long accepted = RecordValidator.accepted(validated).count();
      long quarantined = RecordValidator.rejected(validated).count();
      assertThat(accepted + quarantined).as("seed %d", seed).isEqualTo(rows.size());
      assertThat(RecordValidator.accepted(validated).select("txn_id").distinct().count())
          .as("accepted keys are unique, seed %d", seed)
          .isEqualTo(accepted);
    }
  }
}
