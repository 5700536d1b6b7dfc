package io.callwise.labels;

/**
 * One declared delinquency label: which accounts it applies to at the as-of date D, over how many
 * days after D it is observed, and which event makes it 1.
 *
 * @param name label name, as stored in the label table
 * @param description what it predicts, for people
 * @param populationMinDpd smallest DPD at D of the accounts it applies to
 * @param populationMaxDpd largest DPD at D of the accounts it applies to
 * @param horizonDays days after D (D+1 .. D+horizon) the event is looked for
 * @param event the event
 * @param eventDpd DPD threshold of a {@link Event#REACHES_DPD} event
 */
public record LabelSpec(
    String name,
    String description,
    int populationMinDpd,
    int populationMaxDpd,
    int horizonDays,
    Event event,
    int eventDpd) {

  public enum Event {
    /** DPD reaches {@code eventDpd} or more on some day of the horizon. */
    REACHES_DPD,
    /** DPD never comes back to 0 on any day of the horizon. */
    NOT_CURED
  }

  public String populationText() {
    return populationMinDpd == populationMaxDpd
        ? "DPD = " + populationMinDpd + " at D"
        : "DPD " + populationMinDpd + "–" + populationMaxDpd + " at D";
  }

  public String eventText() {
    return switch (event) {
      case REACHES_DPD -> "DPD ≥ " + eventDpd + " on some day in D+1..D+" + horizonDays;
      case NOT_CURED -> "DPD > 0 on every day in D+1..D+" + horizonDays;
    };
  }
}
