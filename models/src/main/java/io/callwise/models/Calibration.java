package io.callwise.models;

import io.callwise.common.Coded;

/**
 * How a model's scores become probabilities, fitted on the validation rows; the code is what
 * configuration, {@code model.json} and the report say.
 */
public enum Calibration implements Coded {
  ISOTONIC("A monotone step function: exact on many events, ties and reorders scores on few."),
  PLATT("A logistic curve of the raw score: two parameters, stable on few events."),
  AUTO("Isotonic when the validation rows hold enough events and non-events, else Platt.");

  private final String meaning;

  Calibration(String meaning) {
    this.meaning = meaning;
  }

  @Override
  public String meaning() {
    return meaning;
  }

  /** The code, as configuration and saved models spell it (and model ids fingerprint it). */
  @Override
  public String toString() {
    return code();
  }

  /** The calibration named {@code code} by {@code callwise.models.calibration}. */
  public static Calibration of(String code) {
    return Coded.parse(Calibration.class, "callwise.models.calibration", code);
  }
}
