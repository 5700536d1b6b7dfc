package io.callwise.scoring;

import io.callwise.common.Coded;

/**
 * The rules {@link DecisionAudit} re-derives from bronze for every decision of a scored date; its
 * code names the rule in the audit's output.
 */
public enum AuditRule implements Coded {
  ONE_DECISION_PER_OPEN_ACCOUNT("Every open account of the date has exactly one decision."),
  CALL_OR_MESSAGE_WITHOUT_CHANNEL_CONSENT(
      "A call or message goes only through a channel the borrower consented to."),
  CONTACT_DESPITE_DO_NOT_CONTACT("No contact of an account marked do-not-contact."),
  CONTACT_DURING_DISPUTE_LEGAL_HOLD_HARDSHIP_OR_HOLIDAY(
      "No contact during a dispute, a legal hold, a hardship plan or a payment holiday."),
  CONTACT_DURING_COMPLAINT("No contact while a complaint is open or cooling off."),
  CONTACT_WINDOW_OUTSIDE_ALLOWED_HOURS(
      "Every contact window lies inside the region's call hours, in the borrower's time zone."),
  CALL_OVER_7_IN_7("No call beyond the region's attempts in 7 consecutive days."),
  CALL_WITHIN_CONVERSATION_COOL_OFF("No call within the cool-off days after a conversation."),
  CALL_ATTEMPTS_OVER_DAILY_CAP("No call without an attempt left on the day."),
  CALLS_OVER_CAPACITY("No pool gets more calls than its capacity."),
  CALLS_NOT_THE_TOP_PRIORITY_OF_THEIR_POOL(
      "The calls of a pool are its highest-priority candidates (exact top-K)."),
  ESCALATION_WITHOUT_CAUSE("Every escalation has its DPD, amount or status cause."),
  MORE_THAN_3_REASON_CODES("No decision carries more than the configured reason codes.");

  private final String meaning;

  AuditRule(String meaning) {
    this.meaning = meaning;
  }

  @Override
  public String meaning() {
    return meaning;
  }
}
