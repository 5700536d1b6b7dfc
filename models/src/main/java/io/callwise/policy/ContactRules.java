package io.callwise.policy;

import java.time.LocalTime;

/**
 * The contact-compliance rules of one region.
 *
 * @param callStart first local time a call may be placed (inclusive)
 * @param callEnd local time from which no call may be placed (exclusive)
 * @param maxCalls7d call attempts allowed in any 7 consecutive days (US Regulation F: 7)
 * @param conversationCoolOffDays days, counting the day of a telephone conversation as day 1, in
 *     which no further call may be placed (Regulation F: 7)
 * @param maxUnansweredCallsPerDay call attempts allowed on one day while none is answered (China
 *     Banking Association guideline: 6)
 */
public record ContactRules(
    LocalTime callStart,
    LocalTime callEnd,
    int maxCalls7d,
    int conversationCoolOffDays,
    int maxUnansweredCallsPerDay) {

  /** The earliest local time any region may allow calls from. */
  public static final LocalTime EARLIEST = LocalTime.of(8, 0);

  /** The local time from which no region may allow calls. */
  public static final LocalTime LATEST = LocalTime.of(22, 0);

  public ContactRules {
    if (callStart.isBefore(EARLIEST) || callEnd.isAfter(LATEST) || !callStart.isBefore(callEnd)) {
      throw new IllegalArgumentException(
          "call hours "
              + callStart
              + "-"
              + callEnd
              + " are not allowed: calls may only be placed between "
              + EARLIEST
              + " and "
              + LATEST
              + " local time, start before end. Fix: narrow the region's call-hours.");
    }
    if (maxCalls7d < 0 || conversationCoolOffDays < 0 || maxUnansweredCallsPerDay < 0) {
      throw new IllegalArgumentException(
          "call caps must not be negative: max-calls-7d="
              + maxCalls7d
              + ", conversation-cool-off-days="
              + conversationCoolOffDays
              + ", max-unanswered-calls-per-day="
              + maxUnansweredCallsPerDay);
    }
  }

  /** Whether a call may be placed at local time {@code t}. */
  public boolean allowsCallAt(LocalTime t) {
    return !t.isBefore(callStart) && t.isBefore(callEnd);
  }

  /**
   * Call attempts still allowed on a day, given the attempts of the 6 days before it (the 7-day
   * window includes the day itself) and the day of the last conversation. Zero when the 7-day cap
   * is used up or the day falls in a conversation's cool-off period.
   */
  public int attemptsRemaining(int attemptsPrevious6Days, Integer daysSinceConversation) {
    if (daysSinceConversation != null && daysSinceConversation + 1 <= conversationCoolOffDays) {
      return 0;
    }
    return Math.max(0, Math.min(maxUnansweredCallsPerDay, maxCalls7d - attemptsPrevious6Days));
  }
}
