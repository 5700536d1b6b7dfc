package io.callwise.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.callwise.contract.FieldSpec;
import io.callwise.contract.TableSpec;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Validates normalized raw rows ({@link RawInput}) against the contract and gives every row exactly
 * one verdict: accepted (reason null) or quarantined with a {@link ReasonCode} and a detail that
 * names the column, the value and the expectation.
 *
 * <p>Row-level checks run first, in the order of {@link ReasonCode}; rows that pass them are then
 * checked for duplicate keys within the batch, for keys accepted by an earlier batch and, for
 * tables that refer to an account, for unknown accounts. The output has one row per input row (the
 * joins are against distinct keys), so accepted + quarantined = read by construction.
 *
 * <p>Pure: no I/O. The caller passes what has already been ingested.
 */
public final class RecordValidator {

  /** Code of the reason a row is quarantined; null for an accepted row. */
  public static final String REASON_CODE = "_reason_code";

  /** Human-readable detail of the reason. */
  public static final String REASON_DETAIL = "_reason_detail";

  private static final String REASON = "_reason";
  private static final String ROW_OK = "_row_ok";
  private static final String HASH = "_content_hash";
  private static final String PRIOR_BATCH = "_prior_batch";
  private static final String UNKNOWN = "_unknown_account";

  private static final String TS_PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?)?"
          + "(Z|[+-][0-9]{2}:?[0-9]{2})?$";
  private static final String DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
  private static final String MONEY_PATTERN = "^[+-]?[0-9]{1,16}(\\.[0-9]{1,2})?$";
  private static final String CONTROL_CHARS = "[\\x00-\\x1F\\x7F]";
  private static final String INT_PATTERN = "^[+-]?[0-9]{1,9}$";

  private RecordValidator() {}

  /**
   * Validates a batch of one table: {@link #checkRows} then {@link #checkKeys}.
   *
   * @param normalized output of {@link RawInput#normalize}
   * @param priorKeys primary-key columns plus {@code ingest_batch_id} of rows accepted before, or
   *     null when nothing was ingested yet; rows of {@code settings.batchId()} itself are ignored,
   *     because re-ingesting a batch replaces it
   * @param knownAccounts a column {@code account_id} of every known account, or null to skip the
   *     reference check (the accounts table itself)
   * @return typed contract columns, {@value #REASON_CODE}, {@value #REASON_DETAIL} and {@value
   *     RawInput#RAW_RECORD}
   */
  public static Dataset<Row> validate(
      TableSpec spec,
      Dataset<Row> normalized,
      IngestSettings settings,
      Dataset<Row> priorKeys,
      Dataset<Row> knownAccounts) {
    return checkKeys(
        spec, checkRows(spec, normalized, settings), settings, priorKeys, knownAccounts);
  }

  /**
   * The checks that look at one row at a time (types, values, dates, cross-column rules): a narrow
   * projection with no shuffle. Its output is what {@link #checkKeys} reads several times; callers
   * working on large inputs persist it in between.
   */
  public static Dataset<Row> checkRows(
      TableSpec spec, Dataset<Row> normalized, IngestSettings settings) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(settings, "settings");
    List<Column> rowReasons = new ArrayList<>();
    rowReasons.add(
        new Check(
                ReasonCode.MALFORMED_RECORD,
                col(RawInput.LINES).gt(settings.maxLinesPerRecord()),
                format_string(
                    spec.name()
                        + ": the record spans %d lines, more than callwise.ingest"
                        + ".max-lines-per-record = "
                        + settings.maxLinesPerRecord()
                        + ": a quote is probably left open (a quoted field runs on to the next"
                        + " quote of the file)",
                    col(RawInput.LINES)))
            .asReason());
    rowReasons.add(
        new Check(
                ReasonCode.MALFORMED_RECORD,
                col(RawInput.SWALLOWED),
                lit(
                    spec.name()
                        + ": a quoted field holds a line with as many fields as the header, a"
                        + " whole record taken in by a quote left open (the record's other lines"
                        + " are in it, and are not read as rows)"))
            .asReason());
    rowReasons.add(
        new Check(
                ReasonCode.MALFORMED_RECORD,
                col(RawInput.MALFORMED),
                lit(
                    spec.name()
                        + ": the line does not split into the header's "
                        + spec.fields().size()
                        + "+ columns (check quoting and delimiters)"))
            .asReason());
    for (Check check : encodingChecks(spec)) {
      rowReasons.add(check.asReason());
    }
    for (Check check : fieldChecks(spec, settings)) {
      rowReasons.add(check.asReason());
    }
    // Cross-column rules see typed values: evaluate them over a projection of the parsed columns.
    Dataset<Row> parsed =
        normalized.select(
            concatColumns(
                spec.fields().stream().map(f -> parse(f).as(f.name())).toList(),
                List.of(
                    array_compact(array(rowReasons.toArray(Column[]::new))).as("_row_reasons"),
                    col(RawInput.RAW_RECORD),
                    concat_ws(
                            "|",
                            spec.primaryKey().stream()
                                .map(k -> coalesce(col(k), lit("")))
                                .toArray(Column[]::new))
                        .as("_key_text"))));
    List<Column> crossReasons = new ArrayList<>();
    for (Check check : TableRules.forTable(spec)) {
      crossReasons.add(check.asReason());
    }
    Column allRowReasons =
        crossReasons.isEmpty()
            ? col("_row_reasons")
            : concat(
                col("_row_reasons"), array_compact(array(crossReasons.toArray(Column[]::new))));
    return parsed
        .withColumn("_all_row_reasons", allRowReasons)
        .withColumn(
            REASON, when(size(col("_all_row_reasons")).gt(0), col("_all_row_reasons").getItem(0)))
        .withColumn(ROW_OK, col(REASON).isNull())
        .withColumn(
            HASH, xxhash64(spec.columnNames().stream().map(c -> col(c)).toArray(Column[]::new)))
        .drop("_row_reasons", "_all_row_reasons");
  }

  /**
   * The checks across rows: duplicate keys within the batch, keys accepted by an earlier batch,
   * references to unknown accounts. Each is computed as a small set of problem keys from a narrow
   * key-only projection, then joined back to the rows, broadcast when small (the usual case): full
   * rows are never shuffled or sorted. Runs small counting jobs to choose the joins.
   */
  public static Dataset<Row> checkKeys(
      TableSpec spec,
      Dataset<Row> rowChecked,
      IngestSettings settings,
      Dataset<Row> priorKeys,
      Dataset<Row> knownAccounts) {
    rowChecked = checkMoneyCaps(spec, rowChecked, settings.moneyCaps(), knownAccounts);
    Dataset<Row> deduplicated = checkDuplicatesInBatch(spec, rowChecked);
    Dataset<Row> againstPrior =
        checkAlreadyIngested(spec, deduplicated, rowChecked, priorKeys, settings);
    Dataset<Row> referenced = checkAccountReference(spec, againstPrior, rowChecked, knownAccounts);
    List<Column> out = new ArrayList<>();
    spec.columnNames().forEach(c -> out.add(col(c)));
    out.add(col(REASON).getField("code").as(REASON_CODE));
    out.add(col(REASON).getField("detail").as(REASON_DETAIL));
    out.add(col(RawInput.RAW_RECORD));
    return referenced.select(out.toArray(Column[]::new));
  }

  /** Accepted rows only, with the contract's typed columns. */
  public static Dataset<Row> accepted(Dataset<Row> validated) {
    return validated
        .filter(col(REASON_CODE).isNull())
        .drop(REASON_CODE, REASON_DETAIL, RawInput.RAW_RECORD);
  }

  /** Quarantined rows only. */
  public static Dataset<Row> rejected(Dataset<Row> validated) {
    return validated.filter(col(REASON_CODE).isNotNull());
  }

  // ---------------------------------------------------------------- parsing

  /** The typed value of a string column; null when empty or when it does not parse. */
  static Column parse(FieldSpec f) {
    Column s = col(f.name());
    DataType type = f.type();
    if (type.equals(DataTypes.StringType)) {
      return s;
    }
    if (type.equals(DataTypes.IntegerType)) {
      return when(s.rlike(INT_PATTERN), s.cast(DataTypes.IntegerType));
    }
    if (type.equals(DataTypes.BooleanType)) {
      Column l = lower(s);
      return when(l.isin("true", "1", "yes", "y"), lit(true))
          .when(l.isin("false", "0", "no", "n"), lit(false));
    }
    if (type.equals(FieldSpec.MONEY)) {
      return when(s.rlike(MONEY_PATTERN), s.cast(FieldSpec.MONEY));
    }
    if (type.equals(DataTypes.DateType)) {
      return when(s.rlike(DATE_PATTERN), s.try_cast(DataTypes.DateType));
    }
    if (type.equals(DataTypes.TimestampType)) {
      return when(s.rlike(TS_PATTERN), s.try_cast(DataTypes.TimestampType));
    }
    throw new IllegalStateException("no parser for " + type + " of column " + f.name());
  }

  private static String example(DataType type) {
    if (type.equals(DataTypes.IntegerType)) {
      return "integer, e.g. 640";
    }
    if (type.equals(DataTypes.BooleanType)) {
      return "boolean: true/false, 1/0, yes/no";
    }
    if (type.equals(FieldSpec.MONEY)) {
      return "decimal(18,2) with '.' and at most 2 decimals, e.g. 1234.56";
    }
    if (type.equals(DataTypes.DateType)) {
      return "date yyyy-MM-dd, e.g. 2025-03-31";
    }
    if (type.equals(DataTypes.TimestampType)) {
      return "ISO-8601 timestamp, e.g. 2025-03-31T14:05:00Z";
    }
    return type.simpleString();
  }

  // ---------------------------------------------------------------- checks

  /** Bytes that are not UTF-8 (decoded as U+FFFD) and control characters, column by column. */
  private static List<Check> encodingChecks(TableSpec spec) {
    List<Check> invalid = new ArrayList<>();
    List<Check> control = new ArrayList<>();
    for (FieldSpec f : spec.fields()) {
      String qualified = spec.name() + "." + f.name();
      Column raw = col(f.name());
      invalid.add(
          new Check(
              ReasonCode.INVALID_ENCODING,
              raw.contains("\uFFFD"),
              format_string(
                  qualified
                      + ": '%s' holds bytes that are not UTF-8 (shown as \uFFFD); exports must be"
                      + " UTF-8",
                  raw)));
      control.add(
          new Check(
              ReasonCode.CONTROL_CHARACTER,
              raw.rlike(CONTROL_CHARS),
              format_string(
                  qualified
                      + ": '%s' holds a control character (NUL, line break, tab...; shown as ^);"
                      + " contract values are single-line text",
                  regexp_replace(raw, CONTROL_CHARS, "^"))));
    }
    List<Check> out = new ArrayList<>(invalid);
    out.addAll(control);
    return out;
  }

  private static List<Check> fieldChecks(TableSpec spec, IngestSettings settings) {
    List<Check> keys = new ArrayList<>();
    List<Check> required = new ArrayList<>();
    List<Check> types = new ArrayList<>();
    List<Check> enums = new ArrayList<>();
    List<Check> formats = new ArrayList<>();
    List<Check> negative = new ArrayList<>();
    List<Check> ranges = new ArrayList<>();
    List<Check> dateRanges = new ArrayList<>();
    List<Check> future = new ArrayList<>();

    Date minDate = Date.valueOf(settings.minDate());
    Timestamp minTs = Timestamp.from(settings.minDate().atStartOfDay(ZoneOffset.UTC).toInstant());
    Timestamp asOf = Timestamp.from(settings.asOf());
    // A local date can be one day ahead of the UTC date (UTC+14), never more.
    Date asOfLocalDateMax =
        Date.valueOf(settings.asOf().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1));
    Date farFuture =
        Date.valueOf(
            settings
                .asOf()
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .plusYears(settings.maxFutureYears()));

    for (FieldSpec f : spec.fields()) {
      String qualified = spec.name() + "." + f.name();
      Column raw = col(f.name());
      Column v = parse(f);
      if (f.isKey()) {
        keys.add(
            new Check(
                ReasonCode.MISSING_KEY,
                raw.isNull(),
                lit(qualified + ": key column is empty; every row needs one")));
      } else if (!f.nullable()) {
        required.add(
            new Check(
                ReasonCode.MISSING_VALUE,
                raw.isNull(),
                lit(qualified + ": required value is empty")));
      }
      if (!f.type().equals(DataTypes.StringType)) {
        types.add(
            new Check(
                ReasonCode.INVALID_TYPE,
                raw.isNotNull().and(v.isNull()),
                format_string(
                    qualified + ": '%s' does not parse; expected " + example(f.type()), raw)));
      }
      if (f.isEnum()) {
        enums.add(
            new Check(
                ReasonCode.UNKNOWN_ENUM_VALUE,
                not(v.isin(f.allowed().toArray())),
                format_string(qualified + ": '%s' is not one of " + f.allowed(), raw)));
      }
      switch (f.format()) {
        case IANA_TIME_ZONE ->
            formats.add(
                new Check(
                    ReasonCode.INVALID_FORMAT,
                    not(v.isin(ZoneId.getAvailableZoneIds().stream().sorted().toArray())),
                    format_string(
                        qualified + ": '%s' is not an IANA time-zone id (e.g. America/Chicago)",
                        raw)));
        case ISO_CURRENCY ->
            formats.add(
                new Check(
                    ReasonCode.INVALID_FORMAT,
                    not(v.rlike("^[A-Z]{3}$")),
                    format_string(qualified + ": '%s' is not an ISO 4217 code (e.g. USD)", raw)));
        case MCC ->
            formats.add(
                new Check(
                    ReasonCode.INVALID_FORMAT,
                    not(v.rlike("^[0-9]{4}$")),
                    format_string(
                        qualified + ": '%s' is not a 4-digit merchant category code", raw)));
        case NONE -> {}
      }
      if (f.isMoney() && !f.mayBeNegative()) {
        negative.add(
            new Check(
                ReasonCode.NEGATIVE_AMOUNT,
                v.lt(BigDecimal.ZERO),
                format_string(qualified + ": %s is negative; amounts are positive", raw)));
      }
      // Money is capped by its currency ({@link #checkMoneyCaps}); here only its floor counts.
      BigDecimal floor = f.isMoney() && f.mayBeNegative() ? null : f.min();
      BigDecimal ceiling = f.isMoney() ? null : f.max();
      if (floor != null || ceiling != null) {
        Column tooLow = floor == null ? lit(false) : v.lt(lit(floor));
        Column tooHigh = ceiling == null ? lit(false) : v.gt(lit(ceiling));
        // A negative amount of an unsigned column is NEGATIVE_AMOUNT, not out of range.
        Column inNegativeCase =
            f.isMoney() && !f.mayBeNegative() ? v.geq(BigDecimal.ZERO) : lit(true);
        ranges.add(
            new Check(
                ReasonCode.VALUE_OUT_OF_RANGE,
                tooLow.or(tooHigh).and(inNegativeCase),
                format_string(
                    qualified
                        + ": %s is outside ["
                        + (floor == null ? "" : floor)
                        + ", "
                        + (ceiling == null ? "its currency's cap" : ceiling)
                        + "]",
                    raw)));
      }
      if (f.type().equals(DataTypes.DateType) || f.type().equals(DataTypes.TimestampType)) {
        boolean isDate = f.type().equals(DataTypes.DateType);
        dateRanges.add(
            new Check(
                ReasonCode.DATE_OUT_OF_RANGE,
                isDate ? v.lt(lit(minDate)) : v.lt(lit(minTs)),
                format_string(
                    qualified
                        + ": %s is before "
                        + settings.minDate()
                        + " (callwise.ingest.min-date)",
                    raw)));
        if (f.mayBeFuture()) {
          dateRanges.add(
              new Check(
                  ReasonCode.DATE_OUT_OF_RANGE,
                  v.cast(DataTypes.DateType).gt(lit(farFuture)),
                  format_string(
                      qualified
                          + ": %s is more than "
                          + settings.maxFutureYears()
                          + " years after the batch as-of time "
                          + settings.asOf(),
                      raw)));
        } else {
          future.add(
              new Check(
                  ReasonCode.DATE_IN_FUTURE,
                  isDate ? v.gt(lit(asOfLocalDateMax)) : v.gt(lit(asOf)),
                  format_string(
                      qualified + ": %s is after the batch as-of time " + settings.asOf(), raw)));
        }
      }
    }
    List<Check> all = new ArrayList<>();
    all.addAll(keys);
    all.addAll(required);
    all.addAll(types);
    all.addAll(enums);
    all.addAll(formats);
    all.addAll(negative);
    all.addAll(ranges);
    all.addAll(dateRanges);
    all.addAll(future);
    return all;
  }

  /**
   * Key sets at most this large are broadcast to the rows they are joined to; larger ones are
   * shuffled.
   */
  static final long BROADCAST_KEYS = 2_000_000L;

  private static Dataset<Row> joinSmall(Dataset<Row> rows, Dataset<Row> keys, List<String> on) {
    // Materialized once: every later action (counts, both writes) reuses it instead of
    // re-aggregating the whole batch.
    Dataset<Row> materialized = keys.localCheckpoint(true);
    Dataset<Row> right =
        materialized.count() <= BROADCAST_KEYS ? broadcast(materialized) : materialized;
    return rows.join(right, CollectionConverters.asScala(on).toSeq(), "left");
  }

  /**
   * Money above its currency's cap, or a balance below minus the cap: {@link
   * ReasonCode#VALUE_OUT_OF_RANGE}, as if checked with the row's own columns. The currency is the
   * row's own ({@code accounts}) or its account's, from {@code knownAccounts} (column {@code
   * currency}); without either, the default cap applies. Only accounts in currencies with a cap of
   * their own are joined, a small table.
   */
  static Dataset<Row> checkMoneyCaps(
      TableSpec spec, Dataset<Row> rows, MoneyCaps caps, Dataset<Row> knownAccounts) {
    List<FieldSpec> money = spec.fields().stream().filter(FieldSpec::isMoney).toList();
    if (money.isEmpty()) {
      return rows;
    }
    Column currency;
    Dataset<Row> in = rows;
    if (spec.columnNames().contains("currency")) {
      currency = col("currency");
    } else if (knownAccounts != null
        && Arrays.asList(knownAccounts.columns()).contains("currency")
        && !caps.byCurrency().isEmpty()) {
      Dataset<Row> own =
          knownAccounts
              .filter(col("currency").isin(caps.byCurrency().keySet().toArray()))
              .groupBy("account_id")
              .agg(functions.max("currency").as("_cap_currency"));
      in = joinSmall(rows, own, List.of("account_id"));
      currency = col("_cap_currency");
    } else {
      currency = lit(null).cast(DataTypes.StringType);
    }
    Column cap = caps.of(currency);
    Column reason = lit(null);
    for (int i = money.size() - 1; i >= 0; i--) {
      FieldSpec f = money.get(i);
      Column v = col(f.name());
      Column out = v.gt(cap);
      if (f.mayBeNegative()) {
        out = out.or(v.lt(functions.negate(cap)));
      }
      reason =
          when(
                  out,
                  struct(
                      lit(ReasonCode.VALUE_OUT_OF_RANGE.name()).as("code"),
                      format_string(
                              spec.name()
                                  + "."
                                  + f.name()
                                  + ": %s is beyond the cap of %s for %s"
                                  + " (callwise.ingest.money-caps); fix the amount, or raise the"
                                  + " currency's cap if such amounts are real",
                              v.cast(DataTypes.StringType),
                              cap.cast(DataTypes.StringType),
                              coalesce(currency, lit("the default currency")))
                          .as("detail")))
              .otherwise(reason);
    }
    return in.withColumn(REASON, coalesce(col(REASON), when(col(ROW_OK), reason)))
        .withColumn(ROW_OK, col(REASON).isNull())
        .drop("_cap_currency");
  }

  private static Dataset<Row> checkDuplicatesInBatch(TableSpec spec, Dataset<Row> rows) {
    Column[] key = spec.primaryKey().stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> repeated =
        rows.filter(col(ROW_OK))
            .groupBy(key)
            .agg(count(lit(1)).as("_copies"), size(collect_set(col(HASH))).as("_versions"))
            .filter(col("_copies").gt(1))
            .withColumn("_repeated", lit(true));
    Dataset<Row> joined = joinSmall(rows, repeated, spec.primaryKey());
    // Only rows whose key repeats need an order among their copies: a window over that few.
    Column repeats = col(ROW_OK).and(col("_repeated").isNotNull());
    WindowSpec byKey = Window.partitionBy(key).orderBy(col(RawInput.RAW_RECORD), col(HASH));
    Dataset<Row> copies = joined.filter(repeats).withColumn("_position", row_number().over(byKey));
    Dataset<Row> single = joined.filter(not(repeats)).withColumn("_position", lit(1));
    String keyText = spec.name() + " key " + String.join("|", spec.primaryKey()) + " = %s";
    Column dupReason =
        when(
                repeats.and(col("_versions").gt(1)),
                struct(
                    lit(ReasonCode.CONFLICTING_DUPLICATE.name()).as("code"),
                    format_string(
                            keyText + ": %d rows in this batch with different values; none kept",
                            col("_key_text"),
                            col("_copies"))
                        .as("detail")))
            .when(
                repeats.and(col("_position").gt(1)),
                struct(
                    lit(ReasonCode.DUPLICATE_IN_BATCH.name()).as("code"),
                    format_string(
                            keyText + ": identical copy %d of %d; the first copy was kept",
                            col("_key_text"),
                            col("_position"),
                            col("_copies"))
                        .as("detail")));
    return copies
        .unionByName(single)
        .withColumn(REASON, coalesce(col(REASON), dupReason))
        .drop("_copies", "_versions", "_repeated", "_position");
  }

  private static Dataset<Row> checkAlreadyIngested(
      TableSpec spec,
      Dataset<Row> rows,
      Dataset<Row> rowChecked,
      Dataset<Row> priorKeys,
      IngestSettings settings) {
    if (priorKeys == null) {
      return rows;
    }
    Column[] key = spec.primaryKey().stream().map(k -> col(k)).toArray(Column[]::new);
    // The batch's keys are matched against the earlier ones first and only the matches grouped:
    // a nightly batch is small against a bronze table of the whole history, whose keys are then
    // read once and probed against the broadcast batch keys instead of all being shuffled.
    Dataset<Row> candidates = rowChecked.filter(col(ROW_OK));
    Dataset<Row> batchKeys = candidates.select(key).distinct();
    if (candidates.count() <= BROADCAST_KEYS) {
      batchKeys = broadcast(batchKeys);
    }
    Dataset<Row> collisions =
        priorKeys
            .filter(col("ingest_batch_id").notEqual(lit(settings.batchId())))
            .join(batchKeys, CollectionConverters.asScala(spec.primaryKey()).toSeq())
            .groupBy(key)
            .agg(min("ingest_batch_id").as(PRIOR_BATCH));
    Dataset<Row> joined = joinSmall(rows, collisions, spec.primaryKey());
    Column reason =
        when(
            col(ROW_OK).and(col(PRIOR_BATCH).isNotNull()),
            struct(
                lit(ReasonCode.ALREADY_INGESTED.name()).as("code"),
                format_string(
                        spec.name()
                            + " key "
                            + String.join("|", spec.primaryKey())
                            + " = %s was already accepted in batch %s",
                        col("_key_text"),
                        col(PRIOR_BATCH))
                    .as("detail")));
    return joined.withColumn(REASON, coalesce(col(REASON), reason)).drop(PRIOR_BATCH);
  }

  private static Dataset<Row> checkAccountReference(
      TableSpec spec, Dataset<Row> rows, Dataset<Row> rowChecked, Dataset<Row> knownAccounts) {
    if (knownAccounts == null || !spec.referencesAccounts()) {
      return rows;
    }
    Dataset<Row> unknown =
        rowChecked
            .filter(col(ROW_OK))
            .select("account_id")
            .distinct()
            .join(
                knownAccounts.select("account_id").distinct(),
                CollectionConverters.asScala(List.of("account_id")).toSeq(),
                "left_anti")
            .withColumn(UNKNOWN, lit(true));
    Dataset<Row> joined = joinSmall(rows, unknown, List.of("account_id"));
    Column reason =
        when(
            col(ROW_OK).and(col(UNKNOWN).isNotNull()),
            struct(
                lit(ReasonCode.ORPHAN_REFERENCE.name()).as("code"),
                format_string(
                        spec.name()
                            + ".account_id: '%s' is not a known account; ingest its accounts row"
                            + " first (same or an earlier batch)",
                        col("account_id"))
                    .as("detail")));
    return joined.withColumn(REASON, coalesce(col(REASON), reason)).drop(UNKNOWN);
  }

  private static Column[] concatColumns(List<Column> first, List<Column> second) {
    List<Column> all = new ArrayList<>(first);
    all.addAll(second);
    return all.toArray(Column[]::new);
  }
}
