package io.callwise.quality;

import java.util.Locale;

/**
 * One check's outcome on one target.
 *
 * @param check the check's name ({@code freshness}, {@code feature_psi}, ...)
 * @param target what it measured: a table, {@code table.column}, or a model's feature
 * @param observed the measure (higher is worse)
 * @param threshold the thresholds in force
 * @param severity {@link Threshold#of} the measure
 * @param detail the measure in words, with what it was compared with
 */
public record CheckResult(
    String check,
    String target,
    double observed,
    Threshold threshold,
    Severity severity,
    String detail) {

  public static CheckResult of(
      String check, String target, double observed, Threshold threshold, String detail) {
    return new CheckResult(check, target, observed, threshold, threshold.of(observed), detail);
  }

  /** One line: severity, check, target, measure against its thresholds, detail. */
  public String render() {
    return String.format(
        Locale.ROOT,
        "%-7s %-24s %-44s %10.4g (warning > %s, error > %s)  %s",
        severity,
        check,
        target,
        observed,
        fmt(threshold.warning()),
        fmt(threshold.error()),
        detail);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
