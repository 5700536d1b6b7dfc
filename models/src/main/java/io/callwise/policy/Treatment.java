package io.callwise.policy;

/** What the night decides for an account; the {@code treatment} value of the output tables. */
public enum Treatment {
  /** No collection contact is allowed (do-not-contact, complaint, hardship, consent...). */
  SUPPRESS,
  /** The legal-letter / agency placement queue. */
  ESCALATE,
  /** A call by an agent, within the floor's capacity and the contact rules. */
  CALL,
  /** A message (SMS, push or e-mail). */
  MESSAGE,
  /** No contact tonight. */
  NONE
}
