package io.callwise.features;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The raw tables features are computed from, with the columns of the data contract (bronze tables
 * as ingest writes them, or any Dataset of the same columns). They may hold more history than the
 * as-of dates need; rows after an as-of date are never used for it.
 *
 * @param statements statements of revolving accounts; null when the lender exports none (the
 *     statement features are then missing for every account)
 * @param broadcastAccounts whether the per-account time zones are small enough to broadcast to
 *     every task (avoids shuffling the large event tables only to date their rows)
 * @param bookZones the distinct time zones of the accounts when known (empty otherwise): dating
 *     events is then faster ({@link io.callwise.common.LocalDays#of(Column, Column,
 *     java.util.Collection)}), with the same days
 */
public record FeatureInputs(
    Dataset<Row> accounts,
    Dataset<Row> transactions,
    Dataset<Row> instalments,
    Dataset<Row> repayments,
    Dataset<Row> contacts,
    Dataset<Row> complaints,
    Dataset<Row> arrangements,
    Dataset<Row> statements,
    boolean broadcastAccounts,
    List<String> bookZones) {

  public FeatureInputs {
    bookZones = bookZones == null ? List.of() : List.copyOf(bookZones);
  }

  /** Inputs whose book zones are not known. */
  public FeatureInputs(
      Dataset<Row> accounts,
      Dataset<Row> transactions,
      Dataset<Row> instalments,
      Dataset<Row> repayments,
      Dataset<Row> contacts,
      Dataset<Row> complaints,
      Dataset<Row> arrangements,
      Dataset<Row> statements,
      boolean broadcastAccounts) {
    this(
        accounts,
        transactions,
        instalments,
        repayments,
        contacts,
        complaints,
        arrangements,
        statements,
        broadcastAccounts,
        List.of());
  }

  /** Inputs without statements. */
  public FeatureInputs(
      Dataset<Row> accounts,
      Dataset<Row> transactions,
      Dataset<Row> instalments,
      Dataset<Row> repayments,
      Dataset<Row> contacts,
      Dataset<Row> complaints,
      Dataset<Row> arrangements,
      boolean broadcastAccounts) {
    this(
        accounts,
        transactions,
        instalments,
        repayments,
        contacts,
        complaints,
        arrangements,
        null,
        broadcastAccounts,
        List.of());
  }
}
