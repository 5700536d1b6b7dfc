package io.callwise.models;

import io.callwise.common.Coded;

/**
 * How the training rows of a treatment-effect model are weighted; the code is what configuration,
 * the command line and the model's parameters spell.
 */
public enum UpliftWeight implements Coded {
  NONE(
      "Every row weighs 1 (times its class weight): each arm is learnt from the accounts the"
          + " history gave it."),
  INVERSE_PROPENSITY(
      "Each row weighs its arm's share over its fitted chance of that arm (Propensity"
          + ".withArmWeight): every arm is learnt as if it had been given across all accounts.");

  private final String meaning;

  UpliftWeight(String meaning) {
    this.meaning = meaning;
  }

  @Override
  public String meaning() {
    return meaning;
  }

  @Override
  public String toString() {
    return code();
  }

  /** The weighting named {@code code} by {@code key}. */
  public static UpliftWeight of(String key, String code) {
    return Coded.parse(UpliftWeight.class, key, code);
  }
}
