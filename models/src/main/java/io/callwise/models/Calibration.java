package io.callwise.models;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a model's scores become probabilities, fitted on the validation rows; the code is what
 * configuration, {@code model.json} and the report say.
 */
public enum Calibration {
  /** A monotone step function: exact on many events, ties and reorders scores on few. */
  ISOTONIC("Monotone step function fitted on the validation rows."),
  /** A logistic curve of the raw score: two parameters, stable on few events. */
  PLATT("Logistic curve of the raw score fitted on the validation rows."),
  /** Isotonic when the validation rows hold enough events and non-events, else Platt. */
  AUTO("Isotonic when the validation rows hold enough events and non-events, else Platt.");

  private final String meaning;

  Calibration(String meaning) {
    this.meaning = meaning;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String meaning() {
    return meaning;
  }

  /** The code, as configuration and saved models spell it. */
  @Override
  public String toString() {
    return code();
  }

  /** The calibration named {@code code}, or a failure naming the setting and its values. */
  public static Calibration of(String code) {
    return Arrays.stream(values())
        .filter(c -> c.code().equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "callwise.models.calibration = '"
                        + code
                        + "'. Fix: use auto, isotonic or platt"));
  }
}
