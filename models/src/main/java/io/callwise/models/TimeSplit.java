package io.callwise.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * How labelled as-of dates are split for training: the last dates are the out-of-time test window;
 * earlier dates whose label horizon reaches into it are purged (their outcome overlaps the test
 * period); the remaining dates train the model, except a share of accounts held out as the in-time
 * validation set (hyper-parameter choice and calibration). An account is in the training set or the
 * validation set for all its dates, never both.
 *
 * @param train dates whose rows train (or validate) the model
 * @param purged dates left out because their horizon overlaps the out-of-time window
 * @param outOfTime dates of the out-of-time test window
 */
public record TimeSplit(List<LocalDate> train, List<LocalDate> purged, List<LocalDate> outOfTime) {

  /**
   * Splits sorted distinct {@code dates}: out-of-time from {@code ootFrom} when given, else the
   * last {@code ootShare} of the dates (at least one).
   */
  public static TimeSplit of(
      List<LocalDate> dates, int horizonDays, double ootShare, LocalDate ootFrom) {
    List<LocalDate> sorted = dates.stream().distinct().sorted().toList();
    if (sorted.size() < 2) {
      throw new IllegalArgumentException(
          "training needs labelled features at 2 or more as-of dates, found "
              + sorted.size()
              + " "
              + sorted
              + ". Fix: build features and labels for more dates (e.g. --every 1M over a year).");
    }
    LocalDate first =
        ootFrom != null
            ? ootFrom
            : sorted.get(
                Math.min(
                    sorted.size() - 1,
                    Math.max(1, (int) Math.floor(sorted.size() * (1 - ootShare)))));
    List<LocalDate> train = new ArrayList<>();
    List<LocalDate> purged = new ArrayList<>();
    List<LocalDate> oot = new ArrayList<>();
    for (LocalDate d : sorted) {
      if (!d.isBefore(first)) {
        oot.add(d);
      } else if (!d.plusDays(horizonDays).isBefore(first)) {
        purged.add(d);
      } else {
        train.add(d);
      }
    }
    if (oot.isEmpty() || train.isEmpty()) {
      throw new IllegalArgumentException(
          "the split of "
              + sorted
              + " leaves "
              + (oot.isEmpty() ? "no out-of-time date" : "no training date")
              + " (out-of-time from "
              + first
              + ", horizon "
              + horizonDays
              + " days purged before it). Fix: give more dates or another --oot-from.");
    }
    return new TimeSplit(List.copyOf(train), List.copyOf(purged), List.copyOf(oot));
  }

  /** True for accounts held out for validation: a stable hash of the account id and seed. */
  public static Column validationAccount(String accountColumn, double share, long seed) {
    return pmod(xxhash64(col(accountColumn), lit(seed)), lit(10_000L))
        .lt(lit(Math.round(share * 10_000)));
  }
}
