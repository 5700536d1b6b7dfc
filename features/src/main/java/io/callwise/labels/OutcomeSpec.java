package io.callwise.labels;

/**
 * One declared outcome of a night's contact, observed over the days after the as-of date D for the
 * accounts past due at D ({@link TreatmentOutcomes}).
 *
 * @param name column of the treatment-outcome table
 * @param description what it measures, for people
 * @param horizonDays days after D (D+1 .. D+horizon) it is observed over
 * @param binary whether it is a 0/1 event (else an amount)
 */
public record OutcomeSpec(String name, String description, int horizonDays, boolean binary) {}
