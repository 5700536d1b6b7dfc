package io.callwise.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.TableSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Shapes of what ingest writes: the bronze copy of each raw table and the shared quarantine table.
 *
 * <p>Bronze tables carry the contract's typed columns plus {@code ingest_batch_id}, {@code
 * ingested_at} and, for every table but accounts, {@code event_month} (yyyy-MM of the table's event
 * date, UTC), the partition column that lets date-bounded jobs read only the months they need.
 */
public final class LakeTables {

  private LakeTables() {}

  public static final String BATCH_ID = "ingest_batch_id";

  /** The quarantine's partition column: the raw table a row came from. */
  public static final String SOURCE_TABLE = "source_table";

  public static final String INGESTED_AT = "ingested_at";
  public static final String EVENT_MONTH = "event_month";

  /** Name of the quarantine table under the lake's bronze folder. */
  public static final String QUARANTINE = "quarantine";

  /** Rows that failed validation, from every table and batch. Partitioned by source_table. */
  public static final StructType QUARANTINE_SCHEMA =
      new StructType(
          new StructField[] {
            new StructField(SOURCE_TABLE, DataTypes.StringType, false, Metadata.empty()),
            new StructField(BATCH_ID, DataTypes.StringType, false, Metadata.empty()),
            new StructField(INGESTED_AT, DataTypes.TimestampType, false, Metadata.empty()),
            new StructField("reason_code", DataTypes.StringType, false, Metadata.empty()),
            new StructField("reason_detail", DataTypes.StringType, false, Metadata.empty()),
            new StructField("record_key", DataTypes.StringType, true, Metadata.empty()),
            new StructField("raw_record", DataTypes.StringType, false, Metadata.empty())
          });

  /**
   * One row per table and batch ingested: status (INGESTED, EMPTY, ABSENT, REJECTED), counts,
   * quarantined rows by reason, extra columns, the export's as-of time and the run's times.
   */
  public static final StructType INGEST_RUNS =
      new StructType(
          new StructField[] {
            new StructField("batch_id", DataTypes.StringType, false, Metadata.empty()),
            new StructField("table_name", DataTypes.StringType, false, Metadata.empty()),
            new StructField("status", DataTypes.StringType, false, Metadata.empty()),
            new StructField("source_path", DataTypes.StringType, false, Metadata.empty()),
            new StructField("format", DataTypes.StringType, false, Metadata.empty()),
            new StructField("rows_read", DataTypes.LongType, false, Metadata.empty()),
            new StructField("rows_accepted", DataTypes.LongType, false, Metadata.empty()),
            new StructField("rows_quarantined", DataTypes.LongType, false, Metadata.empty()),
            new StructField(
                "quarantined_by_reason",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false),
                false,
                Metadata.empty()),
            new StructField(
                "extra_columns",
                DataTypes.createArrayType(DataTypes.StringType, false),
                false,
                Metadata.empty()),
            new StructField("as_of", DataTypes.TimestampType, false, Metadata.empty()),
            new StructField("started_at", DataTypes.TimestampType, false, Metadata.empty()),
            new StructField("finished_at", DataTypes.TimestampType, false, Metadata.empty())
          });

  /** Whether the bronze table of {@code spec} is partitioned by {@value #EVENT_MONTH}. */
  public static boolean partitionedByMonth(TableSpec spec) {
    return !spec.name().equals("accounts");
  }

  /** Schema of the bronze table of {@code spec}. */
  public static StructType bronzeSchema(TableSpec spec) {
    List<StructField> fields = new ArrayList<>(List.of(spec.schema().fields()));
    fields.add(new StructField(BATCH_ID, DataTypes.StringType, false, Metadata.empty()));
    fields.add(new StructField(INGESTED_AT, DataTypes.TimestampType, false, Metadata.empty()));
    if (partitionedByMonth(spec)) {
      fields.add(new StructField(EVENT_MONTH, DataTypes.StringType, false, Metadata.empty()));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** Accepted rows of a validated batch, shaped as the bronze table. */
  public static Dataset<Row> toBronze(
      TableSpec spec, Dataset<Row> validated, String batchId, Instant ingestedAt) {
    List<Column> out = new ArrayList<>();
    spec.columnNames().forEach(c -> out.add(col(c)));
    out.add(lit(batchId).as(BATCH_ID));
    out.add(lit(Timestamp.from(ingestedAt)).as(INGESTED_AT));
    if (partitionedByMonth(spec)) {
      out.add(date_format(col(spec.eventDateColumn()), "yyyy-MM").as(EVENT_MONTH));
    }
    return RecordValidator.accepted(validated).select(out.toArray(Column[]::new));
  }

  /** Quarantined rows of a validated batch, shaped as the quarantine table. */
  public static Dataset<Row> toQuarantine(
      TableSpec spec, Dataset<Row> validated, String batchId, Instant ingestedAt) {
    Column key =
        concat_ws(
            "|", spec.primaryKey().stream().map(k -> col(k).cast("string")).toArray(Column[]::new));
    return RecordValidator.rejected(validated)
        .select(
            lit(spec.name()).as(SOURCE_TABLE),
            lit(batchId).as(BATCH_ID),
            lit(Timestamp.from(ingestedAt)).as(INGESTED_AT),
            col(RecordValidator.REASON_CODE).as("reason_code"),
            col(RecordValidator.REASON_DETAIL).as("reason_detail"),
            when(key.notEqual(""), key).as("record_key"),
            col(RawInput.RAW_RECORD).as("raw_record"));
  }
}
