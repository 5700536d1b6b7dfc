package io.callwise.features;

import static io.callwise.delinquency.DelinquencyEngine.OLDEST_DUE;
import static io.callwise.delinquency.DelinquencyEngine.SEG_END;
import static io.callwise.delinquency.DelinquencyEngine.SEG_START;
import static io.callwise.features.Snapshots.AS_OF_DATE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.callwise.common.Fingerprints;
import io.callwise.contract.Codes;
import io.callwise.contract.Codes.ArrangementStatus;
import io.callwise.contract.Codes.ArrangementType;
import io.callwise.contract.Codes.Channel;
import io.callwise.contract.Codes.ComplaintCategory;
import io.callwise.contract.Codes.ContactOutcome;
import io.callwise.contract.Codes.PaymentMethod;
import io.callwise.contract.Codes.PaymentStatus;
import io.callwise.contract.Codes.TxnStatus;
import io.callwise.contract.Codes.TxnType;
import io.callwise.delinquency.Bucket;
import io.callwise.delinquency.DelinquencyEngine;
import io.callwise.features.FeatureSpec.Aggregation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;

/**
 * Every borrower behaviour feature, declared once. {@link FeatureBuilder} computes them from these
 * declarations and {@link FeatureDoc} renders {@code docs/FEATURES.md} from them.
 *
 * <p>No feature uses a protected attribute (the contract carries none), the account's region or
 * contact settings, or anything from a synthetic book's ground truth.
 */
public final class FeatureCatalog {

  private FeatureCatalog() {}

  private static final Column D = col(AS_OF_DATE);
  private static final Column DAY = col("event_day");

  private static final List<FeatureSpec> ALL_SPECS = new ArrayList<>();

  /** An expression of a feature and the text that shows it in the catalog document. */
  private record Expr(String text, Column column) {}

  /** Declares features of one group and source. */
  private record Group(String group, Source source) {

    private FeatureSpec add(
        String name,
        Aggregation agg,
        Integer window,
        String windowOn,
        Expr value,
        Expr filter,
        DataType type,
        Object dflt,
        String description) {
      FeatureSpec f =
          new FeatureSpec(
              name,
              group,
              source,
              agg,
              window,
              windowOn,
              value.column(),
              value.text(),
              filter == null ? null : filter.column(),
              filter == null ? null : filter.text(),
              type,
              dflt,
              description);
      ALL_SPECS.add(f);
      return f;
    }

    void value(String name, String valueText, Column value, DataType type, String description) {
      add(
          name,
          Aggregation.VALUE,
          null,
          null,
          new Expr(valueText, value),
          null,
          type,
          null,
          description);
    }

    void state(
        String name,
        String valueText,
        Column value,
        String filterText,
        Column filter,
        DataType type,
        Object dflt,
        String description) {
      add(
          name,
          Aggregation.VALUE,
          null,
          null,
          new Expr(valueText, value),
          new Expr(filterText, filter),
          type,
          dflt,
          description);
    }

    void count(String name, int window, String filterText, Column filter, String description) {
      add(
          name,
          Aggregation.COUNT,
          window,
          null,
          new Expr("rows", null),
          new Expr(filterText, filter),
          IntegerType,
          0,
          description);
    }

    void countOn(
        String name,
        int window,
        String windowOn,
        String filterText,
        Column filter,
        String description) {
      add(
          name,
          Aggregation.COUNT,
          window,
          windowOn,
          new Expr("rows", null),
          new Expr(filterText, filter),
          IntegerType,
          0,
          description);
    }

    void countState(String name, String filterText, Column filter, String description) {
      add(
          name,
          Aggregation.COUNT,
          null,
          null,
          new Expr("rows", null),
          new Expr(filterText, filter),
          IntegerType,
          0,
          description);
    }

    void sum(
        String name,
        int window,
        String valueText,
        Column value,
        String filterText,
        Column filter,
        String description) {
      add(
          name,
          Aggregation.SUM,
          window,
          null,
          new Expr(valueText, value),
          new Expr(filterText, filter),
          DoubleType,
          0.0,
          description);
    }

    void max(
        String name,
        int window,
        String valueText,
        Column value,
        DataType type,
        Object dflt,
        String description) {
      add(
          name,
          Aggregation.MAX,
          window,
          null,
          new Expr(valueText, value),
          null,
          type,
          dflt,
          description);
    }

    void last(String name, int window, String valueText, Column value, String description) {
      ofRows(name, Aggregation.LAST, window, valueText, value, description);
    }

    void avg(String name, int window, String valueText, Column value, String description) {
      ofRows(name, Aggregation.AVG, window, valueText, value, description);
    }

    /** A double aggregated over the window's rows, missing when there is none. */
    private void ofRows(
        String name,
        Aggregation agg,
        int window,
        String valueText,
        Column value,
        String description) {
      add(name, agg, window, null, new Expr(valueText, value), null, DoubleType, null, description);
    }

    void flag(String name, String filterText, Column filter, String description) {
      add(
          name,
          Aggregation.FLAG,
          null,
          null,
          new Expr("1 if any row qualifies", null),
          new Expr(filterText, filter),
          IntegerType,
          0,
          description);
    }

    void daysSince(
        String name,
        int window,
        String dayText,
        Column day,
        String filterText,
        Column filter,
        String description) {
      add(
          name,
          Aggregation.DAYS_SINCE,
          window,
          null,
          new Expr(dayText, day),
          new Expr(filterText, filter),
          IntegerType,
          window + 1,
          description);
    }

    /** {@code a / b} as a double, missing when b is 0 or missing. */
    void ratio(String name, String a, String b, String description) {
      formula(name, a + " / " + b, FeatureCatalog.ratio(a, b), DoubleType, description);
    }

    void formula(
        String name, String formulaText, Column formula, DataType type, String description) {
      add(
          name,
          Aggregation.FORMULA,
          null,
          null,
          new Expr(formulaText, formula),
          null,
          type,
          null,
          description);
    }
  }

  /** Number of last days of a month from {@code from} to {@code to}, both included. */
  static Column monthEnds(Column from, Column to) {
    Column months =
        year(to).multiply(12).plus(month(to)).minus(year(from).multiply(12).plus(month(from)));
    return when(to.lt(from), lit(0))
        .otherwise(months.plus(when(to.equalTo(last_day(to)), lit(1)).otherwise(lit(0))));
  }

  /** a / b, missing when b is 0 or missing. */
  private static Column ratio(String a, String b) {
    return when(col(b).gt(0), col(a).cast(DoubleType).divide(col(b)));
  }

  private static Column in(String column, String... values) {
    return col(column).isin((Object[]) values);
  }

  static {
    // ------------------------------------------------------------------ account
    Group acct = new Group("Account", Source.ACCOUNT);
    acct.value(
        "tenure_days",
        "as_of_date - opened_date",
        datediff(D, col("opened_date")),
        IntegerType,
        "Days since the account was opened; new accounts are riskier.");
    acct.value(
        "credit_limit",
        "credit_limit",
        col("credit_limit").cast(DoubleType),
        DoubleType,
        "Credit limit (amount lent, for an instalment loan).");
    acct.value(
        "internal_score",
        "internal_score",
        col("internal_score"),
        IntegerType,
        "The platform's own score at the as-of date; missing when the lender has none.");
    acct.value("product", "product", col("product"), StringType, "Credit product.");
    acct.value(
        "account_status",
        "status",
        col("status"),
        StringType,
        "ACTIVE, FROZEN (for arrears) or WRITTEN_OFF; closed accounts have no snapshot.");

    // ------------------------------------------------------------------ DPD history
    Group dpd = new Group("Delinquency (DPD engine)", Source.DELINQUENCY);
    Column containsD = col(SEG_END).isNull().or(col(SEG_END).geq(D));
    Column clippedEnd = least(coalesce(col(SEG_END), D), D);
    Column delinquent = col(OLDEST_DUE).isNotNull();
    dpd.state(
        "dpd_current",
        "DPD on the as-of date",
        DelinquencyEngine.dpdOn(D),
        "segment containing the as-of date",
        containsD,
        IntegerType,
        0,
        "Days past due of the oldest unpaid instalment at the end of the as-of date.");
    dpd.state(
        "overdue_amount",
        "past due minus paid",
        DelinquencyEngine.overdue().cast(DoubleType),
        "segment containing the as-of date",
        containsD,
        DoubleType,
        0.0,
        "Amount past its due date and not paid.");
    dpd.state(
        "outstanding_balance",
        "billed minus paid",
        DelinquencyEngine.outstanding().cast(DoubleType),
        "segment containing the as-of date",
        containsD,
        DoubleType,
        0.0,
        "Billed and not yet paid (due or not); unbilled principal is not part of the contract.");
    dpd.state(
        "credit_balance",
        "paid minus billed",
        DelinquencyEngine.credit().cast(DoubleType),
        "segment containing the as-of date",
        containsD,
        DoubleType,
        0.0,
        "Money received beyond everything billed, waiting for the next instalments.");
    for (int w : new int[] {30, 90, 180, 365}) {
      dpd.max(
          "max_dpd_" + w + "d",
          w,
          "DPD at the last day of each segment within the window",
          DelinquencyEngine.dpdOn(clippedEnd),
          IntegerType,
          0,
          "Worst days past due over the last " + w + " days.");
    }
    dpd.max(
        "max_overdue_amount_90d",
        90,
        "overdue amount of each segment",
        DelinquencyEngine.overdue().cast(DoubleType),
        DoubleType,
        0.0,
        "Largest overdue amount over the last 90 days.");
    for (int w : new int[] {90, 365}) {
      dpd.add(
          "days_delinquent_" + w + "d",
          Aggregation.SUM,
          w,
          null,
          new Expr(
              "days of the segment inside the window",
              datediff(clippedEnd, greatest(col(SEG_START), date_sub(D, w - 1))).plus(1)),
          new Expr("delinquent segments (DPD > 0)", delinquent),
          IntegerType,
          0,
          "Days with DPD above 0 among the last " + w + " days.");
    }
    // Card risk teams count cycles: a month is delinquent when its last day is past due.
    for (int w : new int[] {183, 365}) {
      Column from = greatest(col(SEG_START), date_sub(D, w - 1));
      dpd.add(
          "months_delinquent_" + w + "d",
          Aggregation.SUM,
          w,
          null,
          new Expr(
              "month ends inside the segment's days in the window", monthEnds(from, clippedEnd)),
          new Expr("delinquent segments (DPD > 0)", delinquent),
          IntegerType,
          0,
          "Month ends with DPD above 0 among the last " + w + " days (months delinquent).");
    }
    for (int t : new int[] {1, 30, 60}) {
      dpd.countOn(
          "times_entered_" + t + "plus_365d",
          365,
          DelinquencyEngine.enteredOn(t),
          "a day DPD rose from below " + t + " to " + t + " or more",
          col(DelinquencyEngine.enteredOn(t)).isNotNull(),
          t == 1
              ? "New delinquency episodes in the last 365 days."
              : "Times DPD crossed " + t + " in the last 365 days.");
    }
    dpd.daysSince(
        "days_since_delinquent",
        365,
        "last day of a delinquent segment",
        clippedEnd,
        "delinquent segments",
        delinquent,
        "Days since the account was last past due (0 when it is past due now).");
    new Group("Delinquency (DPD engine)", Source.DERIVED)
        .formula(
            "dpd_bucket",
            "bucket of dpd_current: current, 1-30, 31-60, 61-90, 91-180, 180+",
            Bucket.of(col("dpd_current")),
            StringType,
            "Delinquency bucket at the as-of date.");

    // ------------------------------------------------------------------ instalment outcomes
    Group inst = new Group("Instalments paid by their due date", Source.INSTALMENTS);
    for (int w : new int[] {90, 365}) {
      inst.count(
          "instalments_due_" + w + "d",
          w,
          "all",
          null,
          "Instalments that fell due in the last " + w + " days.");
      inst.count(
          "on_time_instalments_" + w + "d",
          w,
          "fully paid by the end of the due date",
          col("on_time"),
          "Instalments due in the last " + w + " days that were paid in full on time.");
      inst.count(
          "missed_instalments_" + w + "d",
          w,
          "nothing paid by the end of the due date",
          col("paid_by_due").equalTo(0),
          "Instalments due in the last " + w + " days of which nothing was paid on time.");
      inst.sum(
          "amount_due_" + w + "d",
          w,
          "amount_due",
          col("amount_due"),
          "all",
          null,
          "Amount that fell due in the last " + w + " days.");
    }
    inst.count(
        "partial_instalments_365d",
        365,
        "partly but not fully paid by the due date",
        col("partial"),
        "Instalments due in the last 365 days paid only in part on time.");
    inst.sum(
        "paid_by_due_365d",
        365,
        "paid_by_due",
        col("paid_by_due"),
        "all",
        null,
        "Of the amount due in the last 365 days, what was paid by each due date.");

    // ------------------------------------------------------------------ repayments
    Group pay = new Group("Repayment behaviour", Source.REPAYMENTS);
    // A reversal is known only from its own day: before it, the payment counts as money received.
    Column received =
        col("status")
            .notEqual(PaymentStatus.FAILED.name())
            .and(col("reversed_day").isNull().or(col("reversed_day").gt(D)));
    String receivedText = "succeeded, not reversed by the as-of date";
    for (int w : new int[] {30, 90}) {
      pay.count(
          "payments_" + w + "d",
          w,
          receivedText,
          received,
          "Payments received in the last " + w + " days.");
    }
    for (int w : new int[] {30, 90, 365}) {
      pay.sum(
          "payment_amount_" + w + "d",
          w,
          "amount",
          col("amount"),
          receivedText,
          received,
          "Money received in the last " + w + " days.");
    }
    for (int w : new int[] {30, 90}) {
      pay.count(
          "failed_auto_debits_" + w + "d",
          w,
          "status FAILED, method AUTO_DEBIT",
          col("status")
              .equalTo(PaymentStatus.FAILED.name())
              .and(col("method").equalTo(PaymentMethod.AUTO_DEBIT.name())),
          "Scheduled debits that bounced in the last " + w + " days.");
    }
    pay.count(
        "failed_payments_365d",
        365,
        "status FAILED",
        col("status").equalTo(PaymentStatus.FAILED.name()),
        "Failed payment attempts of any method in the last 365 days.");
    pay.count(
        "reversed_payments_365d",
        365,
        "reversed on or before the as-of date",
        col("reversed_day").leq(D),
        "Payments made in the last 365 days and reversed since (chargebacks, returned debits).");
    pay.count(
        "manual_payments_90d",
        90,
        "method MANUAL, " + receivedText,
        received.and(col("method").equalTo(PaymentMethod.MANUAL.name())),
        "Payments the borrower made by hand in the last 90 days.");
    pay.count(
        "agent_payments_90d",
        90,
        "method AGENT, " + receivedText,
        received.and(col("method").equalTo(PaymentMethod.AGENT.name())),
        "Payments taken by an agent in the last 90 days.");
    pay.daysSince(
        "days_since_last_payment",
        365,
        "payment day",
        DAY,
        receivedText,
        received,
        "Days since the last payment received.");

    // ------------------------------------------------------------------ wallet transactions
    Group txn = new Group("Wallet transactions", Source.TRANSACTIONS);
    Column ok = col("status").equalTo(TxnStatus.SUCCEEDED.name());
    Column purchase = ok.and(col("txn_type").equalTo(TxnType.PURCHASE.name()));
    Column inflow = ok.and(col("txn_type").isin(Codes.of(TxnType.INFLOWS)));
    Column outflow = ok.and(col("txn_type").isin(Codes.of(TxnType.OUTFLOWS)));
    Column amount = col("amount");
    for (int w : new int[] {30, 90}) {
      txn.sum("spend_" + w + "d", w, "amount", amount, "succeeded PURCHASE", purchase, "Spending.");
      txn.sum(
          "inflow_" + w + "d",
          w,
          "amount",
          amount,
          "succeeded TOP_UP, TRANSFER_IN, REFUND",
          inflow,
          "Money coming into the wallet.");
    }
    txn.count("purchases_30d", 30, "succeeded PURCHASE", purchase, "Number of purchases.");
    txn.count(
        "top_ups_30d",
        30,
        "succeeded TOP_UP",
        ok.and(col("txn_type").equalTo(TxnType.TOP_UP.name())),
        "Number of top-ups.");
    txn.sum(
        "outflow_30d",
        30,
        "amount",
        amount,
        "succeeded PURCHASE, TRANSFER_OUT, CASH_WITHDRAWAL, FEE",
        outflow,
        "Money leaving the wallet.");
    txn.sum(
        "cash_withdrawal_amount_90d",
        90,
        "amount",
        amount,
        "succeeded CASH_WITHDRAWAL",
        ok.and(col("txn_type").equalTo(TxnType.CASH_WITHDRAWAL.name())),
        "Cash taken out; heavy cash use often precedes arrears.");
    txn.count(
        "cash_withdrawals_30d",
        30,
        "succeeded CASH_WITHDRAWAL",
        ok.and(col("txn_type").equalTo(TxnType.CASH_WITHDRAWAL.name())),
        "Number of cash withdrawals.");
    for (int w : new int[] {30, 90}) {
      txn.count(
          "failed_insufficient_funds_" + w + "d",
          w,
          "status FAILED_INSUFFICIENT_FUNDS",
          col("status").equalTo(TxnStatus.FAILED_INSUFFICIENT_FUNDS.name()),
          "Attempts refused for lack of funds: a strong sign of stress.");
    }
    txn.sum(
        "fees_90d",
        90,
        "amount",
        amount,
        "succeeded FEE",
        ok.and(col("txn_type").equalTo(TxnType.FEE.name())),
        "Wallet fees paid.");
    txn.daysSince(
        "days_since_last_activity",
        90,
        "transaction day",
        DAY,
        "succeeded, any type",
        ok,
        "Days since the wallet was last used.");
    txn.daysSince(
        "days_since_last_inflow",
        90,
        "transaction day",
        DAY,
        "succeeded TOP_UP, TRANSFER_IN, REFUND",
        inflow,
        "Days since money last came in.");

    // ------------------------------------------------------------------ contacts
    Group contact = new Group("Collection contacts", Source.CONTACTS);
    Column call = col("channel").equalTo(Channel.CALL.name());
    Column message = col("channel").isin(Codes.of(Channel.MESSAGES));
    Column connected = call.and(col("outcome").isin(Codes.of(ContactOutcome.CONVERSATIONS)));
    for (int w : new int[] {30, 90}) {
      contact.count("call_attempts_" + w + "d", w, "channel CALL", call, "Calls placed.");
    }
    contact.count(
        "call_connects_90d",
        90,
        "CALL ending CONNECTED, PROMISE_TO_PAY or REFUSED",
        connected,
        "Calls that reached the borrower.");
    contact.count("messages_30d", 30, "channel SMS, PUSH or EMAIL", message, "Messages sent.");
    contact.count(
        "undelivered_messages_90d",
        90,
        "outcome UNDELIVERED",
        col("outcome").equalTo(ContactOutcome.UNDELIVERED.name()),
        "Messages that could not be delivered: stale contact details.");
    contact.count(
        "messages_read_90d",
        90,
        "outcome READ",
        col("outcome").equalTo(ContactOutcome.READ.name()),
        "Messages the borrower opened.");
    contact.count(
        "wrong_party_contacts_90d",
        90,
        "outcome WRONG_PARTY",
        col("outcome").equalTo(ContactOutcome.WRONG_PARTY.name()),
        "Calls that reached someone else.");
    contact.count(
        "refusals_90d",
        90,
        "outcome REFUSED",
        col("outcome").equalTo(ContactOutcome.REFUSED.name()),
        "Conversations in which the borrower refused to pay.");
    contact.count(
        "promises_made_90d",
        90,
        "outcome PROMISE_TO_PAY",
        col("outcome").equalTo(ContactOutcome.PROMISE_TO_PAY.name()),
        "Promises to pay given.");
    contact.daysSince(
        "days_since_last_contact",
        180,
        "contact day",
        DAY,
        "any channel",
        null,
        "Days since the last contact attempt.");
    contact.daysSince(
        "days_since_last_connect",
        180,
        "contact day",
        DAY,
        "CALL ending CONNECTED, PROMISE_TO_PAY or REFUSED",
        connected,
        "Days since an agent last spoke with the borrower.");

    // ------------------------------------------------------------------ answers to contacts
    Group answers = new Group("Answers to contacts", Source.CONTACT_RESPONSES);
    Column byCall = col("channel").equalTo(Channel.CALL.name());
    answers.count(
        "conversations_365d",
        365,
        "call reached the borrower, its 3 days over",
        byCall,
        "Calls that reached the borrower, counted once the 3 days after them are over.");
    answers.count(
        "conversations_answered_365d",
        365,
        "call reached the borrower, money in by its third day",
        byCall.and(col("answered")),
        "Of those, calls followed by a payment on their day or the 3 days after.");
    answers.count(
        "messages_delivered_365d",
        365,
        "message delivered, its 3 days over",
        not(byCall),
        "Delivered messages (SMS, push, e-mail), counted once the 3 days after them are over.");
    answers.count(
        "messages_answered_365d",
        365,
        "message delivered, money in by its third day",
        not(byCall).and(col("answered")),
        "Of those, messages followed by a payment on their day or the 3 days after.");

    // ------------------------------------------------------------------ promises
    Group promise = new Group("Promises to pay", Source.PROMISES);
    for (int w : new int[] {90, 365}) {
      promise.count(
          "promises_kept_" + w + "d",
          w,
          "promise date passed, promised amount received",
          col("kept"),
          "Promises whose date fell in the window and that were kept.");
      promise.count(
          "promises_broken_" + w + "d",
          w,
          "promise date passed, promised amount not received",
          not(col("kept")),
          "Promises whose date fell in the window and that were broken.");
    }
    promise.countState(
        "promises_pending",
        "made on or before the as-of date, promise date after it",
        col("contact_day").leq(D).and(col("event_day").gt(D)),
        "Promises still running at the as-of date.");
    promise.state(
        "pending_promise_amount",
        "promise_amount",
        col("promise_amount").cast(DoubleType),
        "promises still running",
        col("contact_day").leq(D).and(col("event_day").gt(D)),
        DoubleType,
        0.0,
        "Largest amount promised and not yet due.");

    // ------------------------------------------------------------------ complaints
    Group complaint = new Group("Complaints", Source.COMPLAINTS);
    complaint.countState(
        "open_complaints",
        "opened on or before, not resolved by, the as-of date",
        col("resolved_day").isNull().or(col("resolved_day").gt(D)),
        "Complaints open at the end of the as-of date.");
    complaint.count("complaints_90d", 90, "all", null, "Complaints raised.");
    complaint.count(
        "harassment_complaints_365d",
        365,
        "category HARASSMENT",
        col("category").equalTo(ComplaintCategory.HARASSMENT.name()),
        "Complaints about collection pressure.");
    complaint.daysSince(
        "days_since_last_complaint",
        365,
        "opening day",
        DAY,
        "all",
        null,
        "Days since the last complaint.");

    // ------------------------------------------------------------------ arrangements
    Group arr = new Group("Arrangements", Source.ARRANGEMENTS);
    Column active =
        col("start_date")
            .leq(D)
            .and(col("end_date").isNull().or(col("end_date").geq(D)))
            .and(col("closed_day").isNull().or(col("closed_day").gt(D)));
    for (String[] t :
        new String[][] {
          {
            "hardship_plan_active",
            ArrangementType.HARDSHIP_PLAN.name(),
            "A hardship plan is in force."
          },
          {
            "payment_holiday_active",
            ArrangementType.PAYMENT_HOLIDAY.name(),
            "A payment holiday is in force."
          },
          {"dispute_open", ArrangementType.DISPUTE.name(), "The borrower disputes the debt."},
          {"legal_hold_active", ArrangementType.LEGAL_HOLD.name(), "Collection is on legal hold."}
        }) {
      arr.flag(
          t[0],
          t[1] + " started, not ended, not closed at the as-of date",
          active.and(col("arrangement_type").equalTo(t[1])),
          t[2]);
    }
    arr.count("arrangements_365d", 365, "all", null, "Arrangements recorded.");
    arr.countOn(
        "broken_arrangements_365d",
        365,
        "closed_day",
        "status BROKEN, closed in the window",
        col("status").equalTo(ArrangementStatus.BROKEN.name()),
        "Arrangements the borrower broke.");

    // ------------------------------------------------------------------ statements
    Group schedule = new Group("Loan balance (schedule)", Source.SCHEDULE);
    schedule.last(
        "loan_principal_outstanding",
        92,
        "principal_outstanding",
        col("principal_outstanding"),
        "Principal an instalment loan still owes after its latest instalment billed in the last 92"
            + " days; missing for other products and exports without the column.");

    // Monthly statements: 92, 183 and 365 days hold the last 3, 6 and 12 cycles.
    Group stmt = new Group("Revolving balance (statements)", Source.STATEMENTS);
    stmt.count(
        "statements_365d",
        365,
        "all",
        null,
        "Statements cut in the last 365 days; 0 for an account without revolving credit.");
    stmt.last(
        "statement_utilization_last",
        92,
        "statement_balance / credit_limit",
        col("utilization"),
        "Share of the limit used at the latest statement of the last 92 days.");
    stmt.last(
        "statement_balance_last",
        92,
        "statement_balance",
        col("balance"),
        "Balance owed at the latest statement of the last 92 days.");
    for (int w : new int[] {92, 183}) {
      stmt.avg(
          "statement_utilization_avg_" + w + "d",
          w,
          "statement_balance / credit_limit",
          col("utilization"),
          "Mean utilization of the statements cut in the last " + w + " days.");
    }
    stmt.avg(
        "statement_balance_avg_183d",
        183,
        "statement_balance",
        col("balance"),
        "Mean balance of the statements cut in the last 183 days.");
    for (int w : new int[] {183, 365}) {
      stmt.max(
          "statement_utilization_max_" + w + "d",
          w,
          "statement_balance / credit_limit",
          col("utilization"),
          DoubleType,
          null,
          "Highest utilization of the statements cut in the last " + w + " days.");
      stmt.count(
          "over_limit_statements_" + w + "d",
          w,
          "statement_balance above credit_limit",
          col("over_limit"),
          "Statements over the limit in the last " + w + " days.");
    }

    Group stmtPaid = new Group("Statement payments", Source.STATEMENT_PAYMENTS);
    for (int w : new int[] {92, 183, 365}) {
      stmtPaid.count(
          "statements_paid_in_full_" + w + "d",
          w,
          "paid by the due date covers the statement balance",
          col("paid_in_full"),
          "Statements due in the last " + w + " days that were paid in full (transactors).");
      stmtPaid.count(
          "statements_paid_minimum_" + w + "d",
          w,
          "paid at least the minimum, less than the balance",
          col("paid_minimum"),
          "Statements due in the last " + w + " days paid between the minimum and the balance.");
      stmtPaid.count(
          "statements_paid_below_minimum_" + w + "d",
          w,
          "paid less than the minimum",
          col("paid_below_minimum"),
          "Statements due in the last " + w + " days paid below their minimum.");
    }
    stmtPaid.last(
        "payment_ratio_last",
        92,
        "paid by the due date / statement_balance",
        col("payment_ratio"),
        "Share of the latest statement's balance (due in the last 92 days) paid by its due date.");
    stmtPaid.avg(
        "payment_ratio_avg_183d",
        183,
        "paid by the due date / statement_balance",
        col("payment_ratio"),
        "Mean payment ratio of the statements due in the last 183 days.");
    stmtPaid.daysSince(
        "days_since_full_payment",
        365,
        "due date",
        col("event_day"),
        "paid in full",
        col("paid_in_full"),
        "Days since the due date of the last statement paid in full (366: none in a year).");
    stmtPaid.last(
        "statements_revolving_in_a_row",
        92,
        "statements in a row not paid in full, up to the latest",
        col("revolving_in_a_row").cast(DoubleType),
        "Consecutive statements up to the latest one (due in the last 92 days) not paid in full.");

    // ------------------------------------------------------------------ derived
    Group ratios = new Group("Ratios and trends", Source.DERIVED);
    ratios.ratio(
        "utilization",
        "outstanding_balance",
        "credit_limit",
        "Share of the limit billed and unpaid.");
    ratios.ratio(
        "overdue_to_limit", "overdue_amount", "credit_limit", "Arrears relative to the limit.");
    for (int w : new int[] {90, 365}) {
      ratios.ratio(
          "on_time_ratio_" + w + "d",
          "on_time_instalments_" + w + "d",
          "instalments_due_" + w + "d",
          "Share of instalments paid in full on time; missing when none fell due.");
    }
    ratios.ratio(
        "paid_by_due_ratio_365d",
        "paid_by_due_365d",
        "amount_due_365d",
        "Share of the amount due that was paid on time.");
    for (int w : new int[] {90, 365}) {
      ratios.ratio(
          "paid_to_due_ratio_" + w + "d",
          "payment_amount_" + w + "d",
          "amount_due_" + w + "d",
          "Money received against money due, late payments included.");
    }
    ratios.ratio(
        "manual_payment_share_90d",
        "manual_payments_90d",
        "payments_90d",
        "Share of payments made by hand rather than by debit or agent.");
    ratios.formula(
        "spend_trend_30_90",
        "spend_30d / (spend_90d / 3)",
        when(col("spend_90d").gt(0), col("spend_30d").multiply(3).divide(col("spend_90d"))),
        DoubleType,
        "Last month's spending against the 90-day monthly average; a drop flags trouble.");
    ratios.formula(
        "inflow_trend_30_90",
        "inflow_30d / (inflow_90d / 3)",
        when(col("inflow_90d").gt(0), col("inflow_30d").multiply(3).divide(col("inflow_90d"))),
        DoubleType,
        "Last month's inflows against the 90-day monthly average (income loss).");
    ratios.formula(
        "net_flow_30d",
        "inflow_30d - outflow_30d",
        col("inflow_30d").minus(col("outflow_30d")),
        DoubleType,
        "Net money into the wallet over 30 days.");
    ratios.ratio(
        "inflow_to_due_ratio_90d",
        "inflow_90d",
        "amount_due_90d",
        "Money coming in against instalments falling due.");
    ratios.ratio(
        "call_connect_rate_90d",
        "call_connects_90d",
        "call_attempts_90d",
        "Share of calls that reached the borrower.");
    ratios.formula(
        "statement_utilization_trend_92d",
        "statement_utilization_last - statement_utilization_avg_92d",
        col("statement_utilization_last").minus(col("statement_utilization_avg_92d")),
        DoubleType,
        "Utilization now against the last 3 statements' mean: a rising balance near the limit.");
    ratios.formula(
        "statement_utilization_trend_183d",
        "statement_utilization_last - statement_utilization_avg_183d",
        col("statement_utilization_last").minus(col("statement_utilization_avg_183d")),
        DoubleType,
        "Utilization now against the last 6 statements' mean.");
    ratios.formula(
        "statement_balance_growth_183d",
        "statement_balance_last / statement_balance_avg_183d - 1",
        when(
            col("statement_balance_avg_183d").gt(0),
            col("statement_balance_last").divide(col("statement_balance_avg_183d")).minus(1)),
        DoubleType,
        "Balance now against the last 6 statements' mean balance: growth of the debt.");
    ratios.ratio(
        "conversation_answer_rate_365d",
        "conversations_answered_365d",
        "conversations_365d",
        "Share of conversations with an agent followed by a payment within 3 days: how this"
            + " borrower answers a call.");
    ratios.ratio(
        "message_answer_rate_365d",
        "messages_answered_365d",
        "messages_delivered_365d",
        "Share of delivered messages followed by a payment within 3 days.");
    ratios.formula(
        "promise_keep_rate_365d",
        "promises_kept_365d / (promises_kept_365d + promises_broken_365d)",
        when(
            col("promises_kept_365d").plus(col("promises_broken_365d")).gt(0),
            col("promises_kept_365d")
                .cast(DoubleType)
                .divide(col("promises_kept_365d").plus(col("promises_broken_365d")))),
        DoubleType,
        "Share of resolved promises that were kept.");
  }

  /** All features, in table column order. */
  public static final List<FeatureSpec> FEATURES = List.copyOf(ALL_SPECS);

  public static List<FeatureSpec> of(Source source) {
    return FEATURES.stream().filter(f -> f.source() == source).toList();
  }

  public static Optional<FeatureSpec> byName(String name) {
    return FEATURES.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return FEATURES.stream().map(FeatureSpec::name).toList();
  }

  /**
   * The features a formula reads: the feature names in its formula text (every formula is written
   * with the names of the features it combines); empty for other aggregations.
   */
  public static Set<String> inputsOf(FeatureSpec f) {
    if (f.aggregation() != Aggregation.FORMULA) {
      return Set.of();
    }
    Set<String> known = Set.copyOf(names());
    Set<String> inputs = new TreeSet<>();
    for (String token : f.valueText().split("[^A-Za-z0-9_]+")) {
      if (known.contains(token)) {
        inputs.add(token);
      }
    }
    return inputs;
  }

  /**
   * The features a list of exclusions leaves out: each entry is a feature name or a source (its
   * enum name, e.g. {@code STATEMENTS}, for all its features); a formula that reads a left-out
   * feature is left out too.
   *
   * @throws IllegalArgumentException naming an entry that is neither
   */
  public static Set<String> excluded(List<String> entries) {
    Set<String> out = new TreeSet<>();
    for (String entry : entries) {
      Optional<Source> source =
          Arrays.stream(Source.values()).filter(s -> s.name().equalsIgnoreCase(entry)).findFirst();
      if (source.isPresent()) {
        of(source.get()).forEach(f -> out.add(f.name()));
      } else if (byName(entry).isPresent()) {
        out.add(entry);
      } else {
        throw new IllegalArgumentException(
            "'"
                + entry
                + "' is neither a feature (docs/FEATURES.md) nor a source ("
                + Arrays.stream(Source.values()).map(Enum::name).collect(Collectors.joining(", "))
                + ")");
      }
    }
    boolean grew = !out.isEmpty();
    while (grew) {
      grew = false;
      for (FeatureSpec f : FEATURES) {
        if (!out.contains(f.name()) && inputsOf(f).stream().anyMatch(out::contains)) {
          grew = out.add(f.name());
        }
      }
    }
    return out;
  }

  /**
   * The longest number of days before an as-of date that rows of {@code source} can matter for:
   * history older than this is never read for it.
   */
  public static int lookbackDays(Source source) {
    return of(source).stream()
        .map(FeatureSpec::windowDays)
        .filter(w -> w != null)
        .max(Integer::compare)
        .orElse(1);
  }

  /**
   * A short fingerprint of the declarations (names, types, windows, filters, formulas, defaults):
   * stored with every row, so a model can tell the features it was trained on from changed ones.
   */
  public static String version() {
    Map<String, String> parts =
        FEATURES.stream()
            .collect(
                Collectors.toMap(
                    FeatureSpec::name,
                    f ->
                        String.join(
                            "|",
                            f.type().simpleString(),
                            f.aggregation().name(),
                            String.valueOf(f.windowDays()),
                            String.valueOf(f.windowOn()),
                            String.valueOf(f.valueText()),
                            String.valueOf(f.filterText()),
                            String.valueOf(f.defaultValue())),
                    (a, b) -> a,
                    LinkedHashMap::new));
    return Fingerprints.sha256Hex(
        parts.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n")),
        6);
  }
}
