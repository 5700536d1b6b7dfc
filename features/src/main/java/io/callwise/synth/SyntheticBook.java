package io.callwise.synth;

import io.callwise.contract.TableSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The synthetic credit book as Spark Datasets, generated in parallel: each partition of {@code
 * range(accounts)} simulates its own accounts ({@link BookSimulator}); nothing per account passes
 * through the driver.
 *
 * <p>Raw tables come out as strings in the contract's column order, exactly as a lender's CSV
 * export would carry them, so ingest reads them the way it reads any export. Ground truth comes out
 * typed, for a separate location that no feature, label or model reads.
 */
public final class SyntheticBook {

  private SyntheticBook() {}

  public static final StructType TRUTH_BORROWERS_SCHEMA =
      new StructType(
          new StructField[] {
            field("account_id", DataTypes.StringType, false),
            field("response_type", DataTypes.StringType, false),
            field("bad_contact_details", DataTypes.BooleanType, false),
            field("base_health", DataTypes.DoubleType, false),
            field("activity", DataTypes.DoubleType, false),
            field("max_dpd", DataTypes.IntegerType, false),
            field("ever_30_dpd", DataTypes.BooleanType, false),
            field("ever_1_dpd", DataTypes.BooleanType, false),
            field("charged_off", DataTypes.BooleanType, false),
            field("adverse_shocks", DataTypes.IntegerType, false)
          });

  public static final StructType TRUTH_MONTHLY_SCHEMA =
      new StructType(
          new StructField[] {
            field("account_id", DataTypes.StringType, false),
            field("month", DataTypes.DateType, false),
            field("latent_health", DataTypes.DoubleType, false),
            field("miss_probability", DataTypes.DoubleType, false),
            field("shock", DataTypes.StringType, true),
            field("dpd_at_month_end", DataTypes.IntegerType, false),
            field("status", DataTypes.StringType, false)
          });

  public static final StructType TRUTH_DEFECTS_SCHEMA =
      new StructType(
          new StructField[] {
            field("source_table", DataTypes.StringType, false),
            field("record_key", DataTypes.StringType, false),
            field("defect", DataTypes.StringType, false)
          });

  /**
   * The instant the synthetic export was taken: noon UTC on the day after the last simulated day.
   */
  public static Instant exportedAt(SimulationParams params) {
    return params.end().atTime(12, 0).toInstant(ZoneOffset.UTC);
  }

  /** A raw table, every column a string, in contract order. */
  public static Dataset<Row> rawTable(
      SparkSession spark, SimulationParams params, TableSpec spec, int partitions) {
    return generate(spark, params, spec.name(), stringSchema(spec), partitions);
  }

  /**
   * A ground-truth table: {@link BookSimulator#TRUTH_BORROWERS}, TRUTH_MONTHLY or TRUTH_DEFECTS.
   */
  public static Dataset<Row> truthTable(
      SparkSession spark, SimulationParams params, String name, int partitions) {
    StructType schema =
        switch (name) {
          case BookSimulator.TRUTH_BORROWERS -> TRUTH_BORROWERS_SCHEMA;
          case BookSimulator.TRUTH_MONTHLY -> TRUTH_MONTHLY_SCHEMA;
          case BookSimulator.TRUTH_DEFECTS -> TRUTH_DEFECTS_SCHEMA;
          default -> throw new IllegalArgumentException("no ground-truth table " + name);
        };
    return generate(spark, params, name, schema, partitions);
  }

  public static StructType stringSchema(TableSpec spec) {
    return new StructType(
        spec.columnNames().stream()
            .map(c -> field(c, DataTypes.StringType, true))
            .toArray(StructField[]::new));
  }

  private static Dataset<Row> generate(
      SparkSession spark,
      SimulationParams params,
      String table,
      StructType schema,
      int partitions) {
    BookSimulator simulator = new BookSimulator(params);
    FlatMapFunction<Long, Row> perAccount =
        index -> {
          Iterator<Object[]> rows = simulator.rows(index, table).iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return rows.hasNext();
            }

            @Override
            public Row next() {
              return RowFactory.create(rows.next());
            }
          };
        };
    return spark
        .range(0, params.accounts(), 1, partitions)
        .flatMap(perAccount, Encoders.row(schema));
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
