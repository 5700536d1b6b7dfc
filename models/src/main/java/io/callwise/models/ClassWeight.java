package io.callwise.models;

import java.util.Arrays;
import java.util.Locale;

/** How training rows are weighted by outcome; the code is what configuration and reports say. */
public enum ClassWeight {
  /** Events and non-events weigh the same in total. */
  BALANCED("Events and non-events weigh the same in total."),
  /** Every row weighs 1. */
  NONE("Every row weighs 1.");

  private final String meaning;

  ClassWeight(String meaning) {
    this.meaning = meaning;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String meaning() {
    return meaning;
  }

  /** The code, as configuration and the model's parameters spell it. */
  @Override
  public String toString() {
    return code();
  }

  /** The weighting named {@code code}, or a failure naming the setting and its values. */
  public static ClassWeight of(String code) {
    return Arrays.stream(values())
        .filter(w -> w.code().equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "callwise.models.class-weight = '" + code + "'. Fix: use balanced or none"));
  }
}
