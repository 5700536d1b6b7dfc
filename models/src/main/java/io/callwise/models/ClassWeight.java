package io.callwise.models;

import io.callwise.common.Coded;

/** How training rows are weighted by outcome; the code is what configuration and reports say. */
public enum ClassWeight implements Coded {
  BALANCED("Events and non-events weigh the same in total."),
  NONE("Every row weighs 1.");

  private final String meaning;

  ClassWeight(String meaning) {
    this.meaning = meaning;
  }

  @Override
  public String meaning() {
    return meaning;
  }

  /** The code, as configuration and the model's parameters spell it (and model ids fingerprint). */
  @Override
  public String toString() {
    return code();
  }

  /** The weighting named {@code code} by {@code callwise.models.class-weight}. */
  public static ClassWeight of(String code) {
    return Coded.parse(ClassWeight.class, "callwise.models.class-weight", code);
  }
}
