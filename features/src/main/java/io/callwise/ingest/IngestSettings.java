package io.callwise.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What validation needs to know beyond the contract.
 *
 * @param batchId identifier of the delivery being ingested; re-ingesting a batch id replaces it
 * @param asOf the instant the batch was exported; event times after it are in the future
 * @param minDate the earliest acceptable date of any date or timestamp column
 * @param maxFutureYears how far ahead a column that may lie in the future (a due date) may go
 * @param extraColumns what to do with columns the contract does not declare
 * @param protectedColumns how columns carrying protected attributes are recognised by name
 * @param maxLinesPerRecord a record spanning more physical lines than this (quoted line breaks) is
 *     quarantined as malformed: a quote left open runs on to the next quote of the file
 * @param moneyCaps largest amount of a money column, by the account's currency
 */
public record IngestSettings(
    String batchId,
    Instant asOf,
    LocalDate minDate,
    int maxFutureYears,
    ExtraColumnPolicy extraColumns,
    ProtectedColumns protectedColumns,
    int maxLinesPerRecord,
    MoneyCaps moneyCaps) {

  /** The default line limit of a record. */
  public static final int DEFAULT_MAX_LINES_PER_RECORD = 10;

  /** Settings with the default protected-column terms and line limit. */
  public IngestSettings(
      String batchId,
      Instant asOf,
      LocalDate minDate,
      int maxFutureYears,
      ExtraColumnPolicy extraColumns) {
    this(
        batchId,
        asOf,
        minDate,
        maxFutureYears,
        extraColumns,
        ProtectedColumns.DEFAULT,
        DEFAULT_MAX_LINES_PER_RECORD,
        MoneyCaps.DEFAULT);
  }

  /** Policy for columns an export carries beyond the contract. */
  public enum ExtraColumnPolicy {
    /** Leave them out of the bronze table and out of quarantine, report their names. */
    IGNORE,
    /** Refuse the table, naming the columns. */
    FAIL
  }

  public IngestSettings {
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(minDate, "minDate");
    Objects.requireNonNull(extraColumns, "extraColumns");
    Objects.requireNonNull(protectedColumns, "protectedColumns");
    Objects.requireNonNull(moneyCaps, "moneyCaps");
    if (maxLinesPerRecord < 1) {
      throw new IllegalArgumentException(
          "callwise.ingest.max-lines-per-record: " + maxLinesPerRecord + " is below 1");
    }
    if (!batchId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new IllegalArgumentException(
          "batch id '"
              + batchId
              + "' is not allowed: use 1-128 letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
  }
}
