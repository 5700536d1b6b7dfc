package io.callwise.quality;

/** What a check's outcome means for the night, least severe first. */
public enum Severity {
  /** Within the warning threshold. */
  OK,
  /** Past the warning threshold: the night publishes and is flagged. */
  WARNING,
  /** Past the error threshold: nothing is published for the date. */
  ERROR;

  public static Severity worst(Iterable<Severity> all) {
    Severity w = OK;
    for (Severity s : all) {
      w = s.compareTo(w) > 0 ? s : w;
    }
    return w;
  }
}
