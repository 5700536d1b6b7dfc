package io.callwise.testing;

import io.callwise.contract.FieldSpec;
import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.features.FeatureInputs;
import io.callwise.synth.BookSimulator;
import io.callwise.synth.SimulationParams;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * A clean synthetic book as typed rows in memory (the columns of the data contract), and the same
 * book as it was known at the end of a day: what a lender's export taken that night would have
 * held. The cut is plain Java over the rows, independent of the Spark code it checks.
 */
public final class BookTables {

  private final Map<String, List<Object[]>> tables;

  private BookTables(Map<String, List<Object[]>> tables) {
    this.tables = tables;
  }

  public static BookTables generate(SimulationParams params) {
    BookSimulator sim = new BookSimulator(params);
    Map<String, List<Object[]>> tables = new LinkedHashMap<>();
    for (TableSpec spec : RawTables.ALL) {
      List<Object[]> rows = new ArrayList<>();
      for (long i = 0; i < params.accounts(); i++) {
        for (Object[] raw : sim.rows(i, spec.name())) {
          rows.add(typed(spec, (String[]) raw));
        }
      }
      tables.put(spec.name(), rows);
    }
    return new BookTables(tables);
  }

  private static Object[] typed(TableSpec spec, String[] raw) {
    Object[] out = new Object[raw.length];
    for (int c = 0; c < raw.length; c++) {
      FieldSpec f = spec.fields().get(c);
      String v = raw[c];
      if (v == null || v.isEmpty()) {
        out[c] = null;
      } else if (f.type() == DataTypes.DateType) {
        out[c] = Date.valueOf(LocalDate.parse(v));
      } else if (f.type() == DataTypes.TimestampType) {
        out[c] = Timestamp.from(Instant.parse(v));
      } else if (f.type() instanceof DecimalType) {
        out[c] = new BigDecimal(v);
      } else if (f.type() == DataTypes.IntegerType) {
        out[c] = Integer.valueOf(v);
      } else if (f.type() == DataTypes.BooleanType) {
        out[c] = Boolean.valueOf(v);
      } else {
        out[c] = v;
      }
    }
    return out;
  }

  public List<Object[]> rows(String table) {
    return tables.get(table);
  }

  private static int idx(TableSpec spec, String column) {
    return spec.columnNames().indexOf(column);
  }

  /** Each account's zone of record: the time zone of its first version. */
  public Map<String, ZoneId> zones() {
    TableSpec a = RawTables.ACCOUNTS;
    Map<String, Object[]> first = new HashMap<>();
    for (Object[] r : tables.get("accounts")) {
      first.merge(
          (String) r[0],
          r,
          (x, y) ->
              ((Timestamp) x[idx(a, "updated_at")]).before((Timestamp) y[idx(a, "updated_at")])
                  ? x
                  : y);
    }
    Map<String, ZoneId> zones = new HashMap<>();
    first.forEach((k, v) -> zones.put(k, ZoneId.of((String) v[idx(a, "time_zone")])));
    return zones;
  }

  /**
   * The book as known at the end of {@code day} (local day of each account): later rows left out,
   * and later changes to earlier rows (a reversal, a resolution, a closure) undone.
   */
  public BookTables knownAt(LocalDate day) {
    Map<String, ZoneId> zones = zones();
    Map<String, List<Object[]>> out = new LinkedHashMap<>();
    for (TableSpec spec : RawTables.ALL) {
      List<Object[]> kept = new ArrayList<>();
      for (Object[] r : tables.get(spec.name())) {
        ZoneId zone = zones.get((String) r[idx(spec, "account_id")]);
        Object[] row = r.clone();
        boolean known =
            switch (spec.name()) {
              case "accounts" -> onOrBefore(row[idx(spec, "updated_at")], zone, day);
              case "transactions" -> onOrBefore(row[idx(spec, "txn_time")], zone, day);
              case "instalments", "statements" ->
                  !((Date) row[idx(spec, "statement_date")]).toLocalDate().isAfter(day);
              case "repayments" -> {
                if (row[idx(spec, "reversed_at")] != null
                    && !onOrBefore(row[idx(spec, "reversed_at")], zone, day)) {
                  row[idx(spec, "status")] = "SUCCEEDED";
                  row[idx(spec, "reversed_at")] = null;
                }
                yield onOrBefore(row[idx(spec, "paid_at")], zone, day);
              }
              case "contacts" -> onOrBefore(row[idx(spec, "contact_time")], zone, day);
              case "complaints" -> {
                if (!onOrBefore(row[idx(spec, "resolved_at")], zone, day)) {
                  row[idx(spec, "resolved_at")] = null;
                }
                yield onOrBefore(row[idx(spec, "opened_at")], zone, day);
              }
              case "arrangements" -> {
                if (row[idx(spec, "closed_at")] != null
                    && !onOrBefore(row[idx(spec, "closed_at")], zone, day)) {
                  row[idx(spec, "status")] = "ACTIVE";
                  row[idx(spec, "closed_at")] = null;
                }
                yield onOrBefore(row[idx(spec, "created_at")], zone, day);
              }
              default -> throw new IllegalStateException(spec.name());
            };
        if (known) {
          kept.add(row);
        }
      }
      out.put(spec.name(), kept);
    }
    return new BookTables(out);
  }

  /** Whether an instant (null: never) falls on or before local {@code day} in {@code zone}. */
  private static boolean onOrBefore(Object instant, ZoneId zone, LocalDate day) {
    return instant != null
        && !((Timestamp) instant).toInstant().atZone(zone).toLocalDate().isAfter(day);
  }

  public Dataset<Row> dataset(SparkSession spark, TableSpec spec) {
    List<Row> rows = new ArrayList<>();
    for (Object[] r : tables.get(spec.name())) {
      rows.add(RowFactory.create(r));
    }
    return spark.createDataFrame(rows, spec.schema()).localCheckpoint();
  }

  public FeatureInputs inputs(SparkSession spark) {
    return new FeatureInputs(
        dataset(spark, RawTables.ACCOUNTS),
        dataset(spark, RawTables.TRANSACTIONS),
        dataset(spark, RawTables.INSTALMENTS),
        dataset(spark, RawTables.REPAYMENTS),
        dataset(spark, RawTables.CONTACTS),
        dataset(spark, RawTables.COMPLAINTS),
        dataset(spark, RawTables.ARRANGEMENTS),
        dataset(spark, RawTables.STATEMENTS),
        true);
  }
}
