package io.callwise.jobs.ingest;

import io.callwise.contract.TableSpec;
import io.callwise.jobs.storage.Lake;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Opens one table's export under {@code {input}/{table}} as CSV, Parquet or Delta.
 *
 * <p>CSV is read with an explicit all-string schema taken from the header line (never inferred), in
 * PERMISSIVE mode so that a line that does not split into the header's columns is kept, as text,
 * for quarantine instead of failing the read or being dropped.
 */
final class RawSourceReader {

  static final String CORRUPT = "_corrupt_record";

  /** What was found: absent, or a Dataset (possibly empty) and its corrupt-record column. */
  record Source(
      String table, String path, boolean absent, Dataset<Row> rows, String corruptColumn) {}

  private RawSourceReader() {}

  static Source open(SparkSession spark, TableSpec spec, String input, String format) {
    String path = input.replaceAll("/$", "") + "/" + spec.name();
    if (!Lake.exists(spark, path)) {
      return new Source(spec.name(), path, true, null, null);
    }
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> openCsv(spark, spec, path);
      case "parquet" -> new Source(spec.name(), path, false, spark.read().parquet(path), null);
      case "delta" ->
          new Source(spec.name(), path, false, spark.read().format("delta").load(path), null);
      default ->
          throw new IllegalArgumentException(
              "callwise.ingest.format = "
                  + format
                  + " is not supported; use csv, parquet or delta");
    };
  }

  private static Source openCsv(SparkSession spark, TableSpec spec, String path) {
    String[] header = new String[0];
    if (Lake.hasData(spark, path)) {
      // Reads only the header line of the first file; every column is a string, nothing inferred.
      header =
          spark.read().option("header", "true").option("inferSchema", "false").csv(path).columns();
    }
    if (header.length == 0) {
      StructType empty = new StructType(new StructField[] {});
      for (String c : spec.columnNames()) {
        empty = empty.add(c, DataTypes.StringType);
      }
      return new Source(spec.name(), path, false, spark.createDataFrame(List.of(), empty), null);
    }
    List<StructField> fields = new ArrayList<>();
    for (String h : header) {
      fields.add(DataTypes.createStructField(h, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
    Dataset<Row> rows =
        spark
            .read()
            .schema(new StructType(fields.toArray(StructField[]::new)))
            .option("header", "true")
            .option("enforceSchema", "false")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT)
            .option("multiLine", "false")
            .option("escape", "\"")
            .csv(path);
    return new Source(spec.name(), path, false, rows, CORRUPT);
  }
}
