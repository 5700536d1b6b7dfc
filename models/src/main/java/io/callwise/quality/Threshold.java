package io.callwise.quality;

/**
 * When a measure (higher is worse) becomes a warning and an error: past {@code warning} (strictly
 * greater) a warning, past {@code error} an error. An error threshold below the warning one makes
 * every warning an error.
 */
public record Threshold(double warning, double error) {

  public Threshold {
    if (Double.isNaN(warning) || Double.isNaN(error) || warning < 0 || error < 0) {
      throw new IllegalArgumentException(
          "a threshold is a number >= 0 (warning " + warning + ", error " + error + ")");
    }
  }

  /** Errors only: anything past {@code error}. */
  public static Threshold errorPast(double error) {
    return new Threshold(error, error);
  }

  public Severity of(double observed) {
    if (Double.isNaN(observed)) {
      return Severity.ERROR;
    }
    if (observed > error) {
      return Severity.ERROR;
    }
    return observed > warning ? Severity.WARNING : Severity.OK;
  }
}
