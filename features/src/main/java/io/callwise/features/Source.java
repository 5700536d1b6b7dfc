package io.callwise.features;

import io.callwise.common.LocalDays;

/**
 * Where a feature's rows come from. Every source is a table of per-account rows with an {@code
 * event_day} (a local day, see {@link LocalDays}); only rows whose day is at or before the as-of
 * date are ever aggregated.
 */
public enum Source {
  ACCOUNT(
      "accounts",
      "The account version in force at the end of the as-of date (latest updated_at on or before"
          + " it)."),
  DELINQUENCY(
      "instalments + repayments",
      "Segments of the DPD engine's daily history (the payment waterfall); a window selects the"
          + " segments overlapping its days."),
  INSTALMENTS(
      "instalments + repayments",
      "One row per instalment, dated on its due date, with what the waterfall had paid of it by the"
          + " end of that day."),
  REPAYMENTS(
      "repayments",
      "One row per payment attempt, dated on the local day of paid_at; a reversal is known from the"
          + " local day of reversed_at."),
  TRANSACTIONS("transactions", "One row per wallet movement, dated on the local day of txn_time."),
  CONTACTS("contacts", "One row per contact attempt, dated on the local day of contact_time."),
  PROMISES(
      "contacts + repayments",
      "One row per promise to pay, known from the day it was made, resolved at the end of its"
          + " promise_date: kept when the net money received from the promise day to the promise"
          + " date reaches the promised amount."),
  CONTACT_RESPONSES(
      "contacts + repayments",
      "One row per call that reached the borrower and per delivered message, known at the end of"
          + " the third day after it: answered when net money came in from the contact's day to"
          + " that third day (how this borrower answers each channel)."),
  COMPLAINTS(
      "complaints",
      "One row per complaint, dated on the local day of opened_at; open until the local day of"
          + " resolved_at."),
  ARRANGEMENTS(
      "arrangements",
      "One row per arrangement, known from the local day of created_at; in force from start_date to"
          + " end_date unless closed earlier (closed_at)."),
  SCHEDULE(
      "instalments",
      "One row per instalment, dated on its statement_date (known from the day it is billed): the"
          + " principal an instalment loan still owes once it is paid."),
  STATEMENTS(
      "statements",
      "One row per statement of a revolving account, dated on its statement_date: the balance,"
          + " the limit and their ratio (utilization; missing when the statement carries no"
          + " limit)."),
  STATEMENT_PAYMENTS(
      "statements + repayments",
      "One row per statement, dated on its due date: the net money received after the statement"
          + " date up to the end of the due date (reversals counted on the day they are known), and"
          + " whether that paid the balance in full, at least the minimum, or less."),
  DERIVED("other features", "A formula over features of the same account and as-of date.");

  private final String tables;
  private final String description;

  Source(String tables, String description) {
    this.tables = tables;
    this.description = description;
  }

  public String tables() {
    return tables;
  }

  public String description() {
    return description;
  }
}
