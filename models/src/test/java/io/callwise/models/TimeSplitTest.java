package io.callwise.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time split: out-of-time share or date, horizon purge, refusals. */
class TimeSplitTest {

  static List<LocalDate> monthEnds(int n) {
    List<LocalDate> out = new ArrayList<>();
    LocalDate d = LocalDate.parse("2025-01-31");
    for (int i = 0; i < n; i++) {
      out.add(d.plusMonths(i).withDayOfMonth(d.plusMonths(i).lengthOfMonth()));
    }
    return out;
  }

  @Test
  void lastQuarterOutOfTimeAndHorizonPurged() {
    // 10 month ends Jan..Oct, 60-day horizon: out of time Aug..Oct; Jun 30 + 60 = Aug 29 is
    // before Aug 31 (kept), Jul 31 + 60 = Sep 29 reaches it (purged)
    TimeSplit s = TimeSplit.of(monthEnds(10), 60, 0.25, null);
    assertThat(s.outOfTime())
        .containsExactly(
            LocalDate.parse("2025-08-31"),
            LocalDate.parse("2025-09-30"),
            LocalDate.parse("2025-10-31"));
    assertThat(s.purged()).containsExactly(LocalDate.parse("2025-07-31"));
    assertThat(s.train()).hasSize(6).startsWith(LocalDate.parse("2025-01-31"));
  }

  @Test
  void horizonEndingTheDayBeforeTheWindowIsKept() {
    List<LocalDate> dates =
        List.of(
            LocalDate.parse("2025-01-01"),
            LocalDate.parse("2025-01-31"),
            LocalDate.parse("2025-03-02"));
    TimeSplit s = TimeSplit.of(dates, 30, 0.25, LocalDate.parse("2025-03-02"));
    // Jan 31 + 30 = Mar 2: reaches the window (purged); Jan 1 + 30 = Jan 31 does not
    assertThat(s.train()).containsExactly(LocalDate.parse("2025-01-01"));
    assertThat(s.purged()).containsExactly(LocalDate.parse("2025-01-31"));
  }

  @Test
  void ootFromOverridesTheShare() {
    TimeSplit s = TimeSplit.of(monthEnds(6), 30, 0.25, LocalDate.parse("2025-06-01"));
    assertThat(s.outOfTime()).containsExactly(LocalDate.parse("2025-06-30"));
    assertThat(s.purged()).containsExactly(LocalDate.parse("2025-05-31"));
  }

  @Test
  void tooFewDatesAreRefusedWithTheFix() {
    assertThatThrownBy(() -> TimeSplit.of(monthEnds(1), 60, 0.25, null))
        .hasMessageContaining("2 or more as-of dates")
        .hasMessageContaining("Fix:");
    // two dates 30 days apart with a 60-day horizon: the only training date is purged
    assertThatThrownBy(() -> TimeSplit.of(monthEnds(2), 60, 0.25, null))
        .hasMessageContaining("no training date");
  }
}
