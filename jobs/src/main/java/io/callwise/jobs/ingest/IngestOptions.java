package io.callwise.jobs.ingest;

import com.typesafe.config.Config;
import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.ingest.IngestSettings;
import io.callwise.ingest.MoneyCaps;
import io.callwise.ingest.ProtectedColumns;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.synth.SimulationParams;
import io.callwise.synth.SyntheticBook;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A resolved ingest request.
 *
 * @param input folder holding one sub-folder per raw table ({@code {input}/{table}/})
 * @param format csv, parquet or delta
 * @param tables the tables to ingest, in contract order (accounts first)
 * @param settings batch id, as-of time and validation settings
 * @param maxRejectionRate quarantined share above which a table fails the job
 * @param maxFieldChars longest CSV field read, in characters; a longer one fails the batch
 * @param declaredRows records per table the delivery declares (its manifest); a table read with
 *     another count, or declared and absent, fails the batch before anything is written. Empty: not
 *     checked.
 */
public record IngestOptions(
    String input,
    String format,
    List<TableSpec> tables,
    IngestSettings settings,
    double maxRejectionRate,
    int maxFieldChars,
    Map<String, Long> declaredRows) {

  public IngestOptions {
    declaredRows = Map.copyOf(declaredRows);
  }

  /** Options that check no declared counts. */
  public IngestOptions(
      String input,
      String format,
      List<TableSpec> tables,
      IngestSettings settings,
      double maxRejectionRate,
      int maxFieldChars) {
    this(input, format, tables, settings, maxRejectionRate, maxFieldChars, Map.of());
  }

  /** These options with the delivery's declared record counts. */
  public IngestOptions withDeclaredRows(Map<String, Long> rows) {
    return new IngestOptions(
        input, format, tables, settings, maxRejectionRate, maxFieldChars, rows);
  }

  /** {@code callwise.ingest.money-caps}: {@code default} and one cap per currency code. */
  public static MoneyCaps moneyCaps(Config caps) {
    Map<String, BigDecimal> byCurrency = new TreeMap<>();
    for (String key : caps.root().keySet()) {
      if (!key.equals("default")) {
        byCurrency.put(key, capOf(caps, key));
      }
    }
    return new MoneyCaps(capOf(caps, "default"), byCurrency);
  }

  private static BigDecimal capOf(Config caps, String key) {
    try {
      return new BigDecimal(caps.getString(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "callwise.ingest.money-caps." + key + ": '" + caps.getString(key) + "' is not an amount");
    }
  }

  /** The default of callwise.ingest.max-field-chars. */
  public static final int DEFAULT_MAX_FIELD_CHARS = 1_000_000;

  /** Options with the default field-length limit. */
  public IngestOptions(
      String input,
      String format,
      List<TableSpec> tables,
      IngestSettings settings,
      double maxRejectionRate) {
    this(input, format, tables, settings, maxRejectionRate, DEFAULT_MAX_FIELD_CHARS);
  }

  /**
   * Options from the resolved configuration and a run's own values; a wrong value throws {@link
   * IllegalArgumentException} naming the flag or key and the allowed values.
   *
   * @param asOf ISO-8601 instant, or null for now
   * @param tables table names, or null for all
   */
  public static IngestOptions fromConfig(
      Config config, String input, String batchId, String asOf, List<String> tables) {
    Config c = config.getConfig(ConfigKeys.INGEST);
    String fmt = c.getString("format").toLowerCase(Locale.ROOT);
    if (!List.of("csv", "parquet", "delta").contains(fmt)) {
      throw new IllegalArgumentException(
          "--format / callwise.ingest.format: '" + fmt + "' is not one of csv, parquet, delta");
    }
    double rate = c.getDouble("max-rejection-rate");
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException(
          "--max-rejection-rate / callwise.ingest.max-rejection-rate: "
              + rate
              + " is not between 0 and 1");
    }
    String policy = c.getString("extra-columns").toUpperCase(Locale.ROOT);
    if (Arrays.stream(IngestSettings.ExtraColumnPolicy.values())
        .noneMatch(v -> v.name().equals(policy))) {
      throw new IllegalArgumentException(
          "callwise.ingest.extra-columns: '"
              + c.getString("extra-columns")
              + "' is not one of ignore, fail");
    }
    Instant asOfInstant;
    try {
      asOfInstant = asOf == null ? Instant.now() : Instant.parse(asOf);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--as-of: '" + asOf + "' is not an ISO-8601 instant such as 2025-07-01T12:00:00Z");
    }
    LocalDate minDate;
    try {
      minDate = LocalDate.parse(c.getString("min-date"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "callwise.ingest.min-date: '" + c.getString("min-date") + "' is not a date yyyy-MM-dd");
    }
    List<TableSpec> specs = new ArrayList<>();
    if (tables == null || tables.isEmpty()) {
      specs.addAll(RawTables.ALL);
    } else {
      for (String t : tables) {
        if (RawTables.byName(t.trim()).isEmpty()) {
          throw new IllegalArgumentException(
              "--tables: '"
                  + t
                  + "' is not a raw table; use any of "
                  + RawTables.ALL.stream().map(TableSpec::name).collect(Collectors.joining(", ")));
        }
      }
      // Contract order, whatever order they were given in: accounts must come first.
      RawTables.ALL.stream()
          .filter(s -> tables.stream().anyMatch(t -> t.trim().equals(s.name())))
          .forEach(specs::add);
    }
    int maxLines = c.getInt("max-lines-per-record");
    if (maxLines < 1) {
      throw new IllegalArgumentException(
          "callwise.ingest.max-lines-per-record: " + maxLines + " is below 1");
    }
    int maxFieldChars = c.getInt("max-field-chars");
    if (maxFieldChars < 1000) {
      throw new IllegalArgumentException(
          "callwise.ingest.max-field-chars: " + maxFieldChars + " is below 1000");
    }
    ProtectedColumns protectedColumns =
        new ProtectedColumns(
            c.getStringList("protected-columns").stream()
                .map(t -> t.toLowerCase(Locale.ROOT))
                .toList());
    IngestSettings settings =
        new IngestSettings(
            batchId,
            asOfInstant,
            minDate,
            c.getInt("max-future-years"),
            IngestSettings.ExtraColumnPolicy.valueOf(policy),
            protectedColumns,
            maxLines,
            moneyCaps(c.getConfig("money-caps")));
    return new IngestOptions(input, fmt, specs, settings, rate, maxFieldChars);
  }

  /**
   * Every table of a synthetic export written by {@code generate}, as of the moment the simulated
   * export was taken, validated with the configured settings.
   */
  public static IngestOptions syntheticExport(
      Config config, String landing, String batchId, SimulationParams params) {
    return fromConfig(config, landing, batchId, SyntheticBook.exportedAt(params).toString(), null);
  }
}
