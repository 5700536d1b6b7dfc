package io.callwise.jobs.models;

import java.util.Locale;

/** Where a registered model stands; its code is the registry's {@code status} value. */
public enum ModelStatus {
  /** Trained and registered; scores nothing until promoted. */
  CANDIDATE,
  /** Scores its label's population every night; one per label. */
  CHAMPION,
  /** A former champion or a replaced candidate; kept for rollback and audit. */
  RETIRED;

  /** The value stored in the registry: the name in lower case. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
