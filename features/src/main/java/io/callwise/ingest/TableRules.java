package io.callwise.ingest;

import static io.callwise.ingest.ReasonCode.INCONSISTENT_RECORD;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;

import io.callwise.contract.Codes;
import io.callwise.contract.Codes.ArrangementStatus;
import io.callwise.contract.Codes.Channel;
import io.callwise.contract.Codes.ContactOutcome;
import io.callwise.contract.Codes.PaymentStatus;
import io.callwise.contract.TableSpec;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The cross-column rules of each raw table, the executable side of {@link TableSpec#rules()}. Each
 * applies to typed values; a rule over an empty optional column is satisfied.
 */
final class TableRules {

  private TableRules() {}

  static List<Check> forTable(TableSpec spec) {
    String t = spec.name();
    return switch (t) {
      case "accounts" ->
          List.of(
              notBefore(
                  t, "opened_date", to_date(col("updated_at")), "the date of updated_at", true),
              notBefore(t, "status_date", col("opened_date"), "opened_date", false));
      case "instalments" ->
          List.of(
              new Check(
                  INCONSISTENT_RECORD,
                  col("amount_due")
                      .notEqual(
                          col("principal_due").plus(col("interest_due")).plus(col("fee_due"))),
                  format_string(
                      t
                          + ".amount_due: %s is not principal_due + interest_due + fee_due = %s + %s + %s",
                      col("amount_due"),
                      col("principal_due"),
                      col("interest_due"),
                      col("fee_due"))),
              notBefore(t, "due_date", col("statement_date"), "statement_date", false));
      case "statements" ->
          List.of(
              notBefore(t, "due_date", col("statement_date"), "statement_date", false),
              new Check(
                  INCONSISTENT_RECORD,
                  col("minimum_due").gt(greatest(col("statement_balance"), lit(0))),
                  format_string(
                      t + ".minimum_due: %s is more than the statement_balance %s",
                      col("minimum_due"),
                      col("statement_balance"))),
              new Check(
                  INCONSISTENT_RECORD,
                  col("statement_balance")
                      .notEqual(
                          col("previous_balance")
                              .plus(col("purchases"))
                              .minus(col("payments"))
                              .plus(col("interest"))
                              .plus(col("fees"))),
                  format_string(
                      t
                          + ".statement_balance: %s is not previous_balance + purchases - payments"
                          + " + interest + fees = %s + %s - %s + %s + %s",
                      col("statement_balance"),
                      col("previous_balance"),
                      col("purchases"),
                      col("payments"),
                      col("interest"),
                      col("fees"))));
      case "repayments" ->
          List.of(
              new Check(
                  INCONSISTENT_RECORD,
                  col("status")
                      .equalTo(PaymentStatus.REVERSED.name())
                      .notEqual(col("reversed_at").isNotNull()),
                  format_string(
                      t
                          + ".reversed_at: must be set exactly when status = REVERSED (status %s,"
                          + " reversed_at %s)",
                      col("status"),
                      coalesce(col("reversed_at").cast("string"), lit("empty")))),
              notBefore(t, "reversed_at", col("paid_at"), "paid_at", false));
      case "contacts" ->
          List.of(
              new Check(
                  INCONSISTENT_RECORD,
                  col("channel")
                      .equalTo(Channel.CALL.name())
                      .and(not(col("outcome").isin(Codes.of(ContactOutcome.OF_CALLS))))
                      .or(
                          col("channel")
                              .notEqual(Channel.CALL.name())
                              .and(not(col("outcome").isin(Codes.of(ContactOutcome.OF_MESSAGES))))),
                  format_string(
                      t
                          + ".outcome: %s does not fit channel %s (calls: "
                          + ContactOutcome.OF_CALLS
                          + "; messages and letters: "
                          + ContactOutcome.OF_MESSAGES
                          + ")",
                      col("outcome"),
                      col("channel"))),
              new Check(
                  INCONSISTENT_RECORD,
                  col("outcome")
                      .equalTo(ContactOutcome.PROMISE_TO_PAY.name())
                      .notEqual(
                          col("promise_amount").isNotNull().and(col("promise_date").isNotNull()))
                      .or(
                          col("outcome")
                              .notEqual(ContactOutcome.PROMISE_TO_PAY.name())
                              .and(
                                  col("promise_amount")
                                      .isNotNull()
                                      .or(col("promise_date").isNotNull()))),
                  concat(
                      lit(
                          t
                              + ".promise_amount/promise_date: both must be set exactly when outcome ="
                              + " PROMISE_TO_PAY (outcome "),
                      col("outcome"),
                      lit(")"))),
              notBefore(
                  t,
                  "promise_date",
                  to_date(col("contact_time")),
                  "the date of contact_time",
                  false));
      case "complaints" ->
          List.of(notBefore(t, "resolved_at", col("opened_at"), "opened_at", false));
      case "arrangements" ->
          List.of(
              notBefore(t, "end_date", col("start_date"), "start_date", false),
              new Check(
                  INCONSISTENT_RECORD,
                  col("status")
                      .notEqual(ArrangementStatus.ACTIVE.name())
                      .notEqual(col("closed_at").isNotNull()),
                  format_string(
                      t
                          + ".closed_at: must be set exactly when status is not ACTIVE (status %s,"
                          + " closed_at %s)",
                      col("status"),
                      coalesce(col("closed_at").cast("string"), lit("empty")))),
              notBefore(t, "closed_at", col("created_at"), "created_at", false));
      default -> List.of();
    };
  }

  /**
   * {@code column} must not be before {@code bound}; with {@code reversed} the rule reads "bound
   * must not be before column" (a start that must precede an end).
   */
  private static Check notBefore(
      String table, String column, Column bound, String boundName, boolean reversed) {
    Column violated = reversed ? col(column).gt(bound) : col(column).lt(bound);
    String text =
        reversed
            ? table + "." + column + ": %s is after " + boundName + " %s"
            : table + "." + column + ": %s is before " + boundName + " %s";
    return new Check(
        INCONSISTENT_RECORD,
        violated,
        format_string(text, col(column).cast("string"), bound.cast("string")));
  }
}
