package io.callwise.quality;

import io.callwise.features.FeatureSpec;
import java.util.Optional;

/**
 * The values a feature can take by its declaration: counts and day counts are never negative, a
 * flag is 0 or 1, days since an event inside a window are at most the window (or the declared value
 * of an account without such a day, one more). A value outside is a bug or a broken input, never a
 * borrower's behaviour.
 */
public final class ValueRanges {

  private ValueRanges() {}

  /** An inclusive range; either end may be open (null). */
  public record Range(Double min, Double max) {}

  public static Optional<Range> of(FeatureSpec f) {
    return switch (f.aggregation()) {
      case COUNT -> Optional.of(new Range(0.0, null));
      case FLAG -> Optional.of(new Range(0.0, 1.0));
      case DAYS_SINCE -> Optional.of(new Range(0.0, daysSinceMax(f)));
      default -> Optional.empty();
    };
  }

  /** The window, or the value of an account with no such day when larger; open without window. */
  private static Double daysSinceMax(FeatureSpec f) {
    if (f.windowDays() == null) {
      return null;
    }
    double max = f.windowDays();
    if (f.defaultValue() instanceof Number n) {
      max = Math.max(max, n.doubleValue());
    }
    return max;
  }
}
