package io.callwise.contract;

import static io.callwise.contract.FieldSpec.MONEY;
import static io.callwise.contract.FieldSpec.of;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.callwise.contract.Codes.AccountStatus;
import io.callwise.contract.Codes.ArrangementStatus;
import io.callwise.contract.Codes.ArrangementType;
import io.callwise.contract.Codes.Channel;
import io.callwise.contract.Codes.ComplaintCategory;
import io.callwise.contract.Codes.ContactOutcome;
import io.callwise.contract.Codes.PaymentMethod;
import io.callwise.contract.Codes.PaymentStatus;
import io.callwise.contract.Codes.Product;
import io.callwise.contract.Codes.TxnStatus;
import io.callwise.contract.Codes.TxnType;
import io.callwise.contract.FieldSpec.Format;
import java.util.List;
import java.util.Optional;

/**
 * The raw data contract: the tables a digital-wallet lender exports to callwise, declared once.
 *
 * <p>Timestamps are instants in UTC (an ISO-8601 value without an offset is read as UTC); dates are
 * calendar dates in the account's own time zone ({@code accounts.time_zone}). Money is {@code
 * decimal(18,2)} in the account currency. No protected attributes (age, gender, ethnicity and the
 * like) are part of the contract, and ingest ignores such columns if an export carries them.
 *
 * <p>{@code docs/DATA_CONTRACT.md} is rendered from these declarations by {@link ContractDoc} and a
 * test keeps the two identical.
 */
public final class RawTables {

  private RawTables() {}

  private static final String UNIT_MONEY = "account currency";
  private static final String UNIT_UTC = "UTC instant";
  private static final String UNIT_LOCAL_DATE = "date, account time zone";
  private static final String MAX_AMOUNT = "1000000.00";

  private static FieldSpec accountRef() {
    return of("account_id", StringType).accountRef().describe("The account this row belongs to.");
  }

  public static final TableSpec ACCOUNTS =
      new TableSpec(
          "accounts",
          "One version of an account and its borrower's contact settings. A lender re-exports an"
              + " account whenever it changes; each version is kept, so features can use the"
              + " version that was true at any date.",
          List.of(
              of("account_id", StringType)
                  .primaryKey()
                  .describe("Lender's account identifier, stable for the account's life."),
              of("updated_at", TimestampType)
                  .primaryKey()
                  .unit(UNIT_UTC)
                  .describe("When this version of the account became true in the lender's system."),
              of("customer_id", StringType)
                  .describe(
                      "Lender's borrower identifier; one borrower may hold several accounts."),
              of("product", StringType)
                  .oneOf(Codes.names(Product.class))
                  .describe("Credit product of the account."),
              of("opened_date", DateType)
                  .unit(UNIT_LOCAL_DATE)
                  .describe("Date the account was opened."),
              of("credit_limit", MONEY)
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Credit limit (for an instalment loan: the amount lent)."),
              of("currency", StringType)
                  .format(Format.ISO_CURRENCY)
                  .describe("ISO 4217 currency of every amount of this account."),
              of("internal_score", IntegerType)
                  .optional()
                  .range("300", "900")
                  .describe("The platform's own credit score at this version; higher is safer."),
              of("time_zone", StringType)
                  .format(Format.IANA_TIME_ZONE)
                  .describe("Borrower's IANA time zone; contact hours are checked in it."),
              of("region", StringType)
                  .describe(
                      "Lender's region code; selects the contact-compliance rules that apply."),
              of("consent_call", BooleanType).describe("Borrower agreed to collection calls."),
              of("consent_sms", BooleanType).describe("Borrower agreed to SMS messages."),
              of("consent_push", BooleanType).describe("Borrower agreed to push notifications."),
              of("consent_email", BooleanType).describe("Borrower agreed to e-mail."),
              of("do_not_contact", BooleanType)
                  .describe(
                      "Borrower (or a regulator, or counsel) asked for no collection contact."),
              of("status", StringType)
                  .oneOf(Codes.names(AccountStatus.class))
                  .describe("Account status at this version."),
              of("status_date", DateType)
                  .optional()
                  .unit(UNIT_LOCAL_DATE)
                  .describe(
                      "Date the status last changed; empty while the account was never"
                          + " anything but active.")),
          List.of("account_id", "updated_at"),
          "updated_at",
          List.of(
              "opened_date must not be after the date of updated_at",
              "status_date must not be before opened_date"));

  public static final TableSpec TRANSACTIONS =
      new TableSpec(
          "transactions",
          "One wallet movement: spending, money coming in, money going out.",
          List.of(
              of("txn_id", StringType).primaryKey().describe("Lender's transaction identifier."),
              accountRef(),
              of("txn_time", TimestampType).unit(UNIT_UTC).describe("When the movement happened."),
              of("txn_type", StringType)
                  .oneOf(Codes.names(TxnType.class))
                  .describe(
                      "PURCHASE, TRANSFER_OUT, CASH_WITHDRAWAL and FEE take money out;"
                          + " TOP_UP, TRANSFER_IN and REFUND bring it in."),
              of("amount", MONEY)
                  .range("0.01", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Amount, always positive; the direction follows from txn_type."),
              of("merchant_category", StringType)
                  .optional()
                  .format(Format.MCC)
                  .describe("ISO 18245 merchant category code of a purchase or refund."),
              of("status", StringType)
                  .oneOf(Codes.names(TxnStatus.class))
                  .describe(
                      "Outcome; a failed attempt for lack of funds is a strong stress sign.")),
          List.of("txn_id"),
          "txn_time",
          List.of());

  public static final TableSpec INSTALMENTS =
      new TableSpec(
          "instalments",
          "One line of the repayment schedule: an amount that falls due on a date.",
          List.of(
              of("instalment_id", StringType)
                  .primaryKey()
                  .describe("Lender's identifier of the schedule line."),
              accountRef(),
              of("statement_date", DateType)
                  .unit(UNIT_LOCAL_DATE)
                  .describe("Date the instalment was billed; it is known from this date on."),
              of("due_date", DateType)
                  .mayBeFuture()
                  .unit(UNIT_LOCAL_DATE)
                  .describe(
                      "Last day to pay without being late; the instalment is past due from the"
                          + " next day."),
              of("principal_due", MONEY)
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Principal part of the amount due."),
              of("interest_due", MONEY)
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Interest part of the amount due."),
              of("fee_due", MONEY)
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Fees (late fees included) part of the amount due."),
              of("amount_due", MONEY)
                  .range("0.01", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Total due: principal_due + interest_due + fee_due."),
              of("principal_outstanding", MONEY)
                  .mayBeAbsent()
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe(
                      "Instalment loans: principal still owed once this instalment's principal is"
                          + " paid (the loan's balance after it), known from statement_date;"
                          + " empty for revolving and pay-later products.")),
          List.of("instalment_id"),
          "statement_date",
          List.of(
              "amount_due = principal_due + interest_due + fee_due",
              "due_date must not be before statement_date"));

  public static final TableSpec STATEMENTS =
      new TableSpec(
          "statements",
          "One monthly statement of a revolving account (credit line): the balance owed at the"
              + " statement date, the minimum due and its due date. The statement's minimum due is"
              + " the amount_due of the account's instalment with the same due date: the schedule"
              + " says what is owed and when (the DPD engine reads it), the statement says how much"
              + " of the limit is used. The instalment holds the cycle's own minimum, without"
              + " amounts already past due (those stay owed on their own instalments). Money paid"
              + " beyond what is billed lowers the balance: for a revolving product (CREDIT_LINE)"
              + " it never pays a later minimum in advance.",
          List.of(
              of("statement_id", StringType)
                  .primaryKey()
                  .describe("Lender's identifier of the statement."),
              accountRef(),
              of("statement_date", DateType)
                  .unit(UNIT_LOCAL_DATE)
                  .describe("Date the statement was cut; it is known from this date on."),
              of("due_date", DateType)
                  .mayBeFuture()
                  .unit(UNIT_LOCAL_DATE)
                  .describe("Last day to pay the minimum without being late."),
              of("statement_balance", MONEY)
                  .range("-" + MAX_AMOUNT, MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe(
                      "Balance owed at the statement date, interest and fees of the cycle"
                          + " included; negative when the borrower is in credit (overpaid)."),
              of("minimum_due", MONEY)
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Least amount to pay by due_date to stay current."),
              of("credit_limit", MONEY)
                  .optional()
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Credit limit at the statement date, where the lender exports it."),
              of("previous_balance", MONEY)
                  .optional()
                  .range("-" + MAX_AMOUNT, MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Balance of the previous statement."),
              of("purchases", MONEY)
                  .optional()
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Purchases and cash drawn in the cycle."),
              of("payments", MONEY)
                  .optional()
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Payments and credits received in the cycle."),
              of("interest", MONEY)
                  .optional()
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Interest charged in the cycle."),
              of("fees", MONEY)
                  .optional()
                  .range("0.00", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Fees charged in the cycle (late fees included).")),
          List.of("statement_id"),
          "statement_date",
          List.of(
              "due_date must not be before statement_date",
              "minimum_due must not exceed statement_balance (0 when the balance is a credit)",
              "when previous_balance, purchases, payments, interest and fees are all given:"
                  + " statement_balance = previous_balance + purchases - payments + interest +"
                  + " fees"));

  public static final TableSpec REPAYMENTS =
      new TableSpec(
          "repayments",
          "One payment attempt by or for the borrower.",
          List.of(
              of("repayment_id", StringType).primaryKey().describe("Lender's payment identifier."),
              accountRef(),
              of("paid_at", TimestampType)
                  .unit(UNIT_UTC)
                  .describe("When the payment was attempted."),
              of("amount", MONEY)
                  .range("0.01", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Amount paid (or attempted)."),
              of("method", StringType)
                  .oneOf(Codes.names(PaymentMethod.class))
                  .describe("Scheduled auto-debit, borrower-initiated, or taken by an agent."),
              of("status", StringType)
                  .oneOf(Codes.names(PaymentStatus.class))
                  .describe(
                      "A FAILED attempt moved no money; a REVERSED payment succeeded and was later"
                          + " undone (chargeback, returned debit)."),
              of("reversed_at", TimestampType)
                  .optional()
                  .unit(UNIT_UTC)
                  .describe("When a REVERSED payment was undone; empty otherwise.")),
          List.of("repayment_id"),
          "paid_at",
          List.of(
              "reversed_at is set exactly when status = REVERSED",
              "reversed_at must not be before paid_at"));

  public static final TableSpec CONTACTS =
      new TableSpec(
          "contacts",
          "One collection contact attempt: a call, a message or a letter, and what came of it.",
          List.of(
              of("contact_id", StringType).primaryKey().describe("Lender's contact identifier."),
              accountRef(),
              of("contact_time", TimestampType)
                  .unit(UNIT_UTC)
                  .describe("When the call was placed or the message sent."),
              of("channel", StringType)
                  .oneOf(Codes.names(Channel.class))
                  .describe("Contact channel."),
              of("outcome", StringType)
                  .oneOf(Codes.names(ContactOutcome.class))
                  .describe(
                      "Calls end NO_ANSWER, CONNECTED, PROMISE_TO_PAY, REFUSED or WRONG_PARTY;"
                          + " messages and letters DELIVERED, UNDELIVERED or READ."),
              of("promise_amount", MONEY)
                  .optional()
                  .range("0.01", MAX_AMOUNT)
                  .unit(UNIT_MONEY)
                  .describe("Amount the borrower promised to pay (PROMISE_TO_PAY only)."),
              of("promise_date", DateType)
                  .optional()
                  .mayBeFuture()
                  .unit(UNIT_LOCAL_DATE)
                  .describe("Date by which the borrower promised to pay (PROMISE_TO_PAY only)."),
              of("agent_id", StringType)
                  .optional()
                  .describe("Agent who made the call; empty for automated messages.")),
          List.of("contact_id"),
          "contact_time",
          List.of(
              "outcome must fit the channel (call outcomes for CALL, delivery outcomes otherwise)",
              "promise_amount and promise_date are set exactly when outcome = PROMISE_TO_PAY",
              "promise_date must not be before the date of contact_time"));

  public static final TableSpec COMPLAINTS =
      new TableSpec(
          "complaints",
          "One complaint a borrower raised about the lender or its collections.",
          List.of(
              of("complaint_id", StringType)
                  .primaryKey()
                  .describe("Lender's complaint identifier."),
              accountRef(),
              of("opened_at", TimestampType)
                  .unit(UNIT_UTC)
                  .describe("When the complaint was raised."),
              of("resolved_at", TimestampType)
                  .optional()
                  .unit(UNIT_UTC)
                  .describe("When it was resolved; empty while open."),
              of("category", StringType)
                  .oneOf(Codes.names(ComplaintCategory.class))
                  .describe("What the complaint is about.")),
          List.of("complaint_id"),
          "opened_at",
          List.of("resolved_at must not be before opened_at"));

  public static final TableSpec ARRANGEMENTS =
      new TableSpec(
          "arrangements",
          "A hardship plan, payment holiday, dispute or legal hold that changes how an account may"
              + " be collected.",
          List.of(
              of("arrangement_id", StringType)
                  .primaryKey()
                  .describe("Lender's arrangement identifier."),
              accountRef(),
              of("arrangement_type", StringType)
                  .oneOf(Codes.names(ArrangementType.class))
                  .describe("Kind of arrangement."),
              of("created_at", TimestampType)
                  .unit(UNIT_UTC)
                  .describe("When the arrangement was recorded; it is known from this instant on."),
              of("start_date", DateType)
                  .mayBeFuture()
                  .unit(UNIT_LOCAL_DATE)
                  .describe("First day the arrangement applies."),
              of("end_date", DateType)
                  .optional()
                  .mayBeFuture()
                  .unit(UNIT_LOCAL_DATE)
                  .describe("Last day it applies; empty when open-ended."),
              of("status", StringType)
                  .oneOf(Codes.names(ArrangementStatus.class))
                  .describe("ACTIVE while being honoured; how it ended otherwise."),
              of("closed_at", TimestampType)
                  .optional()
                  .unit(UNIT_UTC)
                  .describe("When it stopped being ACTIVE; empty while ACTIVE.")),
          List.of("arrangement_id"),
          "created_at",
          List.of(
              "end_date must not be before start_date",
              "closed_at is set exactly when status is not ACTIVE",
              "closed_at must not be before created_at"));

  /** All raw tables, in ingest order: accounts first, because every other table refers to it. */
  public static final List<TableSpec> ALL =
      List.of(
          ACCOUNTS,
          TRANSACTIONS,
          INSTALMENTS,
          STATEMENTS,
          REPAYMENTS,
          CONTACTS,
          COMPLAINTS,
          ARRANGEMENTS);

  public static Optional<TableSpec> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
