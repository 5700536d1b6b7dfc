package io.callwise.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.FieldSpec;
import io.callwise.contract.TableSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Brings an export of any format to one shape before validation: every contract column as a trimmed
 * string (empty means null), the contract's columns of the row as read ({@value #RAW_RECORD}),
 * whether the reader could split it ({@value #MALFORMED}) and how many lines it spans ({@value
 * #LINES}).
 *
 * <p>Column names match case-insensitively. A missing contract column or a repeated column fails
 * the whole table with a {@link ContractViolationException}; columns beyond the contract follow the
 * {@link IngestSettings.ExtraColumnPolicy}.
 *
 * <p>No value of a column outside the contract is ever copied anywhere: the raw record of a row is
 * the JSON of its contract columns only, and the text of a line the reader could not split is kept
 * only when the export has no column outside the contract (otherwise it cannot be told which of its
 * fields are whose, and the line is withheld with the name of its file). Every column is still
 * read, so that the reader checks the whole line whatever columns are left out (Spark's CSV reader
 * only counts the fields of the columns a query uses). Columns whose names look like protected
 * attributes ({@link ProtectedColumns}) are reported as such.
 */
public final class RawInput {

  /** The contract's columns of the row as read (JSON), or the unsplittable line itself. */
  public static final String RAW_RECORD = "_raw_record";

  /** True when the reader could not split the line into the header's columns. */
  public static final String MALFORMED = "_malformed";

  /** Physical lines the record spans: 1 plus the line breaks inside its quoted fields. */
  public static final String LINES = "_lines";

  /**
   * True when a quoted field holds, after a line break, a line with as many fields as the header: a
   * whole record swallowed by a quote left open, not a note that spans lines.
   */
  public static final String SWALLOWED = "_swallowed_record";

  private RawInput() {}

  /**
   * The normalized rows and the names of columns the contract does not declare.
   *
   * @param rows contract columns as strings, plus {@value #RAW_RECORD}, {@value #MALFORMED} and
   *     {@value #LINES}
   * @param extraColumns undeclared columns found in the export, protected ones included
   * @param protectedColumns the undeclared columns whose names look like protected attributes
   */
  public record Normalized(
      Dataset<Row> rows, List<String> extraColumns, List<String> protectedColumns) {}

  /** As {@link #normalize(TableSpec, Dataset, String, IngestSettings)} with default settings. */
  public static Normalized normalize(
      TableSpec spec,
      Dataset<Row> input,
      String corruptColumn,
      IngestSettings.ExtraColumnPolicy extraPolicy) {
    return normalize(
        spec,
        input,
        corruptColumn,
        new IngestSettings("normalize", Instant.EPOCH, LocalDate.EPOCH, 1, extraPolicy));
  }

  /**
   * Normalizes {@code input} read from an export of {@code spec}.
   *
   * @param corruptColumn the reader's column holding unsplittable lines, or null if it has none
   */
  public static Normalized normalize(
      TableSpec spec, Dataset<Row> input, String corruptColumn, IngestSettings settings) {
    Map<String, String> byLowerName = new HashMap<>();
    List<String> dataColumns = new ArrayList<>();
    for (String name : input.columns()) {
      if (name.equals(corruptColumn)) {
        continue;
      }
      String previous = byLowerName.put(name.toLowerCase(Locale.ROOT), name);
      if (previous != null) {
        throw new ContractViolationException(
            String.format(
                "%s: column '%s' appears twice in the export (also as '%s'). Fix: export each"
                    + " column once.",
                spec.name(), name, previous));
      }
      dataColumns.add(name);
    }

    List<String> missing =
        spec.fields().stream()
            .filter(f -> !f.mayBeAbsent() && !byLowerName.containsKey(f.name()))
            .map(FieldSpec::name)
            .toList();
    if (!missing.isEmpty()) {
      throw new ContractViolationException(
          String.format(
              "%s: required column%s %s missing from the export (found: %s). Fix: add %s to the"
                  + " export; see docs/DATA_CONTRACT.md#%s.",
              spec.name(),
              missing.size() > 1 ? "s" : "",
              missing.stream().map(c -> spec.name() + "." + c).collect(Collectors.joining(", ")),
              dataColumns,
              missing.size() > 1 ? "them" : "it",
              spec.name()));
    }

    Set<String> declared = Set.copyOf(spec.columnNames());
    List<String> extra =
        dataColumns.stream()
            .filter(c -> !declared.contains(c.toLowerCase(Locale.ROOT)))
            .collect(Collectors.toList());
    List<String> protectedNames =
        extra.stream().filter(settings.protectedColumns()::isProtected).toList();
    if (!extra.isEmpty() && settings.extraColumns() == IngestSettings.ExtraColumnPolicy.FAIL) {
      throw new ContractViolationException(
          String.format(
              "%s: column%s %s %s not part of the contract and callwise.ingest.extra-columns ="
                  + " fail. Fix: drop %s from the export, or set callwise.ingest.extra-columns ="
                  + " ignore to leave them out of bronze.",
              spec.name(),
              extra.size() > 1 ? "s" : "",
              extra,
              extra.size() > 1 ? "are" : "is",
              extra.size() > 1 ? "them" : "it"));
    }

    Column[] contractAsRead =
        spec.columnNames().stream().map(c -> asText(byLowerName, c).as(c)).toArray(Column[]::new);
    Column asRead = to_json(struct(contractAsRead));
    Column malformed = corruptColumn == null ? lit(false) : col(corruptColumn).isNotNull();
    Column unsplit =
        corruptColumn == null || extra.isEmpty()
            ? (corruptColumn == null ? lit(null) : col(corruptColumn))
            : concat(
                lit(
                    "line withheld: the export has columns outside the contract ("
                        + String.join(", ", extra)
                        + "), and a line that does not split cannot be stored without their"
                        + " values; find it in "),
                input_file_name());
    Column raw = corruptColumn == null ? asRead : when(malformed, unsplit).otherwise(asRead);

    // Every column of the export takes part, so the reader parses (and checks) whole lines.
    Column lineBreaks = lit(0);
    Column swallowed = lit(false);
    int fields = dataColumns.size();
    for (String c : dataColumns) {
      Column text = col(quote(c)).cast(DataTypes.StringType);
      lineBreaks =
          lineBreaks.plus(
              coalesce(length(text).minus(length(regexp_replace(text, "\n", ""))), lit(0)));
      Column laterLines = slice(split(text, "\n"), 2, 1_000_000);
      swallowed =
          swallowed.or(
              coalesce(exists(laterLines, line -> size(split(line, ",")).geq(fields)), lit(false)));
    }

    List<Column> out = new ArrayList<>();
    for (String c : spec.columnNames()) {
      Column value = trim(asText(byLowerName, c));
      out.add(when(value.notEqual(lit("")), value).as(c));
    }
    out.add(raw.as(RAW_RECORD));
    out.add(malformed.as(MALFORMED));
    out.add(lineBreaks.plus(lit(1)).cast(DataTypes.IntegerType).as(LINES));
    out.add(swallowed.as(SWALLOWED));
    return new Normalized(
        input.select(out.toArray(Column[]::new)), List.copyOf(extra), protectedNames);
  }

  /** The export's column {@code c} as text; empty on every row when the export leaves it out. */
  private static Column asText(Map<String, String> byLowerName, String c) {
    String name = byLowerName.get(c);
    return name == null
        ? lit(null).cast(DataTypes.StringType)
        : col(quote(name)).cast(DataTypes.StringType);
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
