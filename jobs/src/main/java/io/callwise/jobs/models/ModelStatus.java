package io.callwise.jobs.models;

import io.callwise.common.Coded;

/** Where a registered model stands; its {@link #code()} is the registry's {@code status} value. */
public enum ModelStatus implements Coded {
  CANDIDATE("Trained and registered; scores nothing until promoted."),
  CHAMPION("Scores its label's population every night; one per label."),
  RETIRED("A former champion or a replaced candidate; kept for rollback and audit.");

  private final String meaning;

  ModelStatus(String meaning) {
    this.meaning = meaning;
  }

  @Override
  public String meaning() {
    return meaning;
  }
}
