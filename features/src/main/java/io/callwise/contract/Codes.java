package io.callwise.contract;

import java.util.Arrays;
import java.util.List;

/**
 * The coded values of the raw contract, declared once: each enum is the closed list of one column
 * (its name is the value exports carry), in the order the contract document shows. Validation,
 * features, the policy and the simulator name values through these, never as text.
 */
public final class Codes {

  private Codes() {}

  /** The values of {@code codes}, in declaration order. */
  public static String[] names(Class<? extends Enum<?>> codes) {
    return Arrays.stream(codes.getEnumConstants()).map(Enum::name).toArray(String[]::new);
  }

  /** The names of {@code values}, as Spark's {@code isin} takes them. */
  public static Object[] of(List<? extends Enum<?>> values) {
    return values.stream().map(Enum::name).toArray();
  }

  /** accounts.product. */
  public enum Product {
    CREDIT_LINE,
    PAY_LATER,
    INSTALMENT_LOAN;

    /**
     * Whether the product is revolving credit: monthly statements, an instalment that is the
     * statement's minimum due, and money beyond the minimum that lowers the balance instead of
     * paying future minimums.
     */
    public boolean revolving() {
      return this == CREDIT_LINE;
    }

    /** The names of the revolving products. */
    public static List<String> revolvingNames() {
      return Arrays.stream(values()).filter(Product::revolving).map(Enum::name).toList();
    }
  }

  /** accounts.status. */
  public enum AccountStatus {
    ACTIVE,
    FROZEN,
    CLOSED,
    WRITTEN_OFF
  }

  /** transactions.txn_type. */
  public enum TxnType {
    PURCHASE,
    TOP_UP,
    TRANSFER_IN,
    TRANSFER_OUT,
    CASH_WITHDRAWAL,
    REFUND,
    FEE;

    /** Movements that bring money into the wallet. */
    public static final List<TxnType> INFLOWS = List.of(TOP_UP, TRANSFER_IN, REFUND);

    /** Movements that take money out of it. */
    public static final List<TxnType> OUTFLOWS =
        List.of(PURCHASE, TRANSFER_OUT, CASH_WITHDRAWAL, FEE);
  }

  /** transactions.status. */
  public enum TxnStatus {
    SUCCEEDED,
    FAILED_INSUFFICIENT_FUNDS,
    REVERSED
  }

  /** repayments.method. */
  public enum PaymentMethod {
    AUTO_DEBIT,
    MANUAL,
    AGENT
  }

  /** repayments.status. */
  public enum PaymentStatus {
    SUCCEEDED,
    FAILED,
    REVERSED
  }

  /** contacts.channel. */
  public enum Channel {
    CALL,
    SMS,
    PUSH,
    EMAIL,
    LETTER;

    /** The message channels a decision may use, in the policy's default preference. */
    public static final List<Channel> MESSAGES = List.of(SMS, PUSH, EMAIL);
  }

  /** contacts.outcome. */
  public enum ContactOutcome {
    NO_ANSWER,
    CONNECTED,
    PROMISE_TO_PAY,
    REFUSED,
    WRONG_PARTY,
    DELIVERED,
    UNDELIVERED,
    READ;

    /** How a call ends. */
    public static final List<ContactOutcome> OF_CALLS =
        List.of(NO_ANSWER, CONNECTED, PROMISE_TO_PAY, REFUSED, WRONG_PARTY);

    /** How a message or letter ends. */
    public static final List<ContactOutcome> OF_MESSAGES = List.of(DELIVERED, UNDELIVERED, READ);

    /** Call outcomes in which the borrower was reached: a conversation. */
    public static final List<ContactOutcome> CONVERSATIONS =
        List.of(CONNECTED, PROMISE_TO_PAY, REFUSED);
  }

  /** complaints.category. */
  public enum ComplaintCategory {
    HARASSMENT,
    BILLING_DISPUTE,
    FEE,
    OTHER
  }

  /** arrangements.arrangement_type. */
  public enum ArrangementType {
    HARDSHIP_PLAN,
    PAYMENT_HOLIDAY,
    DISPUTE,
    LEGAL_HOLD
  }

  /** arrangements.status. */
  public enum ArrangementStatus {
    ACTIVE,
    COMPLETED,
    BROKEN,
    CANCELLED
  }
}
