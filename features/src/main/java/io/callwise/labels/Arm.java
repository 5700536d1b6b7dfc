package io.callwise.labels;

import java.util.Locale;

/**
 * The treatments a night chooses between for a past-due account, as recorded in the treatment
 * outcomes: an agent's call, a message (SMS, push or e-mail), or no contact.
 */
public enum Arm {
  CALL,
  MESSAGE,
  NONE;

  /** The column holding an estimate for this arm, e.g. {@code p_call}. */
  public String column(String prefix) {
    return prefix + "_" + name().toLowerCase(Locale.ROOT);
  }
}
