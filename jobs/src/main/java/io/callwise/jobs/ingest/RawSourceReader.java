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
 * Opens one table's export under {@code {input}/{table}} as CSV, Parquet or Delta, after {@link
 * ExportFiles} has checked its files.
 *
 * <p>CSV is RFC 4180 as exporters write it: UTF-8, a header line, fields quoted with {@code "} when
 * they hold a comma, a quote ({@code ""}) or a line break (a quoted line break is part of its
 * field, so one record may span several lines). It is read with an explicit all-string schema taken
 * from the header (never inferred), in PERMISSIVE mode, so that a record that does not split into
 * the header's columns is kept, as text, for quarantine instead of failing the read or being
 * dropped. Exactly the files that were checked are read.
 */
final class RawSourceReader {

  static final String CORRUPT = "_corrupt_record";

  /** What was found: absent, or a Dataset (possibly empty) and its corrupt-record column. */
  record Source(
      String table,
      String path,
      boolean absent,
      Dataset<Row> rows,
      String corruptColumn,
      List<String> files) {}

  private RawSourceReader() {}

  static Source open(
      SparkSession spark, TableSpec spec, String input, String format, int maxFieldChars) {
    String path = input.replaceAll("/$", "") + "/" + spec.name();
    if (!Lake.exists(spark, path)) {
      return new Source(spec.name(), path, true, null, null, List.of());
    }
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "csv" -> openCsv(spark, spec, path, maxFieldChars);
      case "parquet" -> {
        ExportFiles.Listing files = ExportFiles.parquet(spark, spec, path);
        yield new Source(
            spec.name(),
            path,
            false,
            files.files().isEmpty()
                ? emptyTable(spark, spec)
                : spark.read().parquet(files.files().toArray(String[]::new)),
            null,
            files.files());
      }
      case "delta" ->
          new Source(
              spec.name(),
              path,
              false,
              spark.read().format("delta").load(path),
              null,
              List.of(path));
      default ->
          throw new IllegalArgumentException(
              "callwise.ingest.format = "
                  + format
                  + " is not supported; use csv, parquet or delta");
    };
  }

  private static Dataset<Row> emptyTable(SparkSession spark, TableSpec spec) {
    StructType empty = new StructType(new StructField[] {});
    for (String c : spec.columnNames()) {
      empty = empty.add(c, DataTypes.StringType);
    }
    return spark.createDataFrame(List.of(), empty);
  }

  private static Source openCsv(
      SparkSession spark, TableSpec spec, String path, int maxFieldChars) {
    ExportFiles.Listing files = ExportFiles.csv(spark, spec, path);
    if (files.files().isEmpty()) {
      return new Source(spec.name(), path, false, emptyTable(spark, spec), null, List.of());
    }
    List<StructField> fields = new ArrayList<>();
    for (String h : files.header()) {
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
            .option("multiLine", "true")
            .option("encoding", "UTF-8")
            .option("maxCharsPerColumn", String.valueOf(maxFieldChars))
            .option("escape", "\"")
            .csv(files.files().toArray(String[]::new));
    return new Source(spec.name(), path, false, rows, CORRUPT, files.files());
  }
}
