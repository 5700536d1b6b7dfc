package io.callwise.policy;

import io.callwise.common.Coded;

/**
 * Why a decision is what it is, in the order the policy tries its rules: the first that applies
 * decides. Each reason leads to one {@link Treatment}; its code is the {@code policy_reason} value
 * of the output tables, and docs/OUTPUT_CONTRACT.md lists them from here.
 */
public enum PolicyReason implements Coded {
  DO_NOT_CONTACT(
      Treatment.SUPPRESS, "The borrower, a regulator or counsel asked for no collection contact."),
  LEGAL_HOLD(Treatment.SUPPRESS, "A legal hold is active."),
  DISPUTE_OPEN(Treatment.SUPPRESS, "The borrower disputes the debt."),
  STATUS_FORBIDS_CONTACT(
      Treatment.SUPPRESS, "The account status is in callwise.policy.suppress.statuses."),
  COMPLAINT_OPEN(Treatment.SUPPRESS, "A complaint is unresolved."),
  COMPLAINT_COOLING_OFF(
      Treatment.SUPPRESS, "A complaint was raised within the cool-off days (its day is day 1)."),
  HARDSHIP_PLAN(Treatment.SUPPRESS, "A hardship plan is being honoured."),
  PAYMENT_HOLIDAY(Treatment.SUPPRESS, "A payment holiday is in force."),
  NO_CONSENT(Treatment.SUPPRESS, "No consent for any channel."),
  STATUS_ESCALATION(
      Treatment.ESCALATE, "The account status is in callwise.policy.escalate.statuses."),
  DPD_ESCALATION(
      Treatment.ESCALATE,
      "DPD at or above escalate.min-dpd with overdue amount above escalate.min-overdue-amount."),
  EARLY_WARNING_REMINDER(
      Treatment.MESSAGE,
      "Current account, early-warning PD at or above reminder-pd-min, next due date within reminder-days."),
  HIGH_RISK_REMINDER(
      Treatment.MESSAGE,
      "Current account, early-warning PD at or above reminder-any-due-pd-min: reminded whatever its next due date."),
  LOW_RISK(Treatment.NONE, "Current account, early-warning PD below reminder-pd-min."),
  NO_INSTALMENT_DUE(
      Treatment.NONE,
      "Current account at or above reminder-pd-min with no instalment billed and due from the contact date on."),
  NO_REMINDER_DUE_YET(
      Treatment.NONE,
      "Current account at or above reminder-pd-min whose next due date is beyond reminder-days."),
  GRACE_PERIOD(Treatment.MESSAGE, "DPD within grace-days and PD below grace-pd-max."),
  LIKELY_SELF_CURE(Treatment.NONE, "PD of not curing below self-cure-pd-max."),
  HIGH_SCORE_MESSAGE_FIRST(
      Treatment.MESSAGE,
      "Internal score at or above message-first-score and DPD up to message-first-max-dpd."),
  NO_CALL_CONSENT(Treatment.MESSAGE, "A call candidate without consent to calls."),
  CONVERSATION_COOLING_OFF(
      Treatment.MESSAGE,
      "A call candidate with a conversation within the region's cool-off days (its day is day 1)."),
  ATTEMPT_CAP_7_IN_7(
      Treatment.MESSAGE,
      "A call candidate whose call attempts in the 6 days before the contact date used up the 7-day cap."),
  DAILY_CALL_CAP(Treatment.MESSAGE, "A call candidate with no call attempt allowed on the day."),
  CALL_NOT_WORTH_COST(
      Treatment.MESSAGE,
      "incremental-value: a call would gain no more than the better of a message and no contact,"
          + " after the call's cost."),
  PRIORITY_WITHIN_CAPACITY(Treatment.CALL, "A call candidate ranked within its pool's capacity."),
  CAPACITY_OVERFLOW(Treatment.MESSAGE, "A call candidate ranked beyond its pool's capacity."),
  CAPACITY_OVERFLOW_NO_CONTACT(
      Treatment.NONE,
      "incremental-value: a call candidate beyond its pool's capacity for whom no contact is worth"
          + " at least a message."),
  MESSAGE_NOT_WORTH_COST(
      Treatment.NONE,
      "incremental-value: a past-due account due a message for whom no contact is worth at least"
          + " a message after its cost."),
  NO_DELIVERABLE_CHANNEL(
      Treatment.NONE,
      "A message was due but no channel has consent without recent delivery failures.");

  private final Treatment treatment;
  private final String meaning;

  PolicyReason(Treatment treatment, String meaning) {
    this.treatment = treatment;
    this.meaning = meaning;
  }

  public Treatment treatment() {
    return treatment;
  }

  /** What the reason means; the value written in {@code policy_reason} is its {@link #code()}. */
  @Override
  public String meaning() {
    return meaning;
  }
}
