package io.callwise.ingest;

/**
 * Why a raw row was quarantined. A row gets the first code that applies, in this order; its detail
 * names the column, the offending value and what was expected.
 */
public enum ReasonCode {
  MALFORMED_RECORD(
      "The line could not be split into the header's columns (stray quote, wrong count), or a"
          + " quoted field runs over more than callwise.ingest.max-lines-per-record lines or takes"
          + " in a whole record."),
  INVALID_ENCODING(
      "A contract value holds bytes that are not UTF-8 (the reader shows them as U+FFFD)."),
  CONTROL_CHARACTER(
      "A contract value holds a control character: NUL, a line break inside quotes, a tab..."),
  MISSING_KEY("A key column (primary key or account_id) is empty."),
  MISSING_VALUE("A required column is empty."),
  INVALID_TYPE("A value does not parse as the column's type (number, date, timestamp, boolean)."),
  UNKNOWN_ENUM_VALUE("A value is not in the column's closed list of allowed values."),
  INVALID_FORMAT("A currency, time-zone or merchant-category value has the wrong format."),
  NEGATIVE_AMOUNT(
      "A money amount is negative in a column that allows no credit (only balances may be negative)."),
  VALUE_OUT_OF_RANGE(
      "A number is outside its allowed range: a zero amount, or money beyond its account"
          + " currency's cap (callwise.ingest.money-caps; checked once the row's own checks pass,"
          + " with the account's currency)."),
  DATE_OUT_OF_RANGE("A date is before callwise.ingest.min-date or absurdly far ahead."),
  DATE_IN_FUTURE("An event date or time lies after the batch's as-of time."),
  INCONSISTENT_RECORD("Columns of one row contradict each other (see the table's rules)."),
  DUPLICATE_IN_BATCH(
      "The same row, with the same primary key, appears more than once in the batch."),
  CONFLICTING_DUPLICATE("Rows with one primary key but different values in the same batch."),
  ALREADY_INGESTED("The primary key was accepted in an earlier batch."),
  ORPHAN_REFERENCE(
      "account_id is not a known account (neither in this batch nor ingested before).");

  private final String meaning;

  ReasonCode(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
