package io.callwise.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SnapshotsTest {

  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void monthlyStepsFromAMonthEndStayOnMonthEnds() {
    assertThat(Snapshots.between(d("2024-01-31"), d("2024-05-31"), "1M").dates())
        .containsExactly(
            d("2024-01-31"), d("2024-02-29"), d("2024-03-31"), d("2024-04-30"), d("2024-05-31"));
    assertThat(Snapshots.between(d("2025-02-28"), d("2025-04-30"), "1M").dates())
        .containsExactly(d("2025-02-28"), d("2025-03-31"), d("2025-04-30"));
  }

  @Test
  void monthlyStepsFromMidMonthNeverDrift() {
    assertThat(Snapshots.between(d("2025-01-30"), d("2025-04-29"), "1M").dates())
        .containsExactly(d("2025-01-30"), d("2025-02-28"), d("2025-03-30"));
    assertThat(Snapshots.between(d("2025-01-15"), d("2025-07-15"), "3M").dates())
        .containsExactly(d("2025-01-15"), d("2025-04-15"), d("2025-07-15"));
  }

  @Test
  void dailyAndWeeklyStepsIncludeTheEndWhenTheyLandOnIt() {
    assertThat(Snapshots.between(d("2025-03-01"), d("2025-03-03"), "1d").dates()).hasSize(3);
    assertThat(Snapshots.between(d("2025-03-01"), d("2025-03-15"), "1w").dates())
        .containsExactly(d("2025-03-01"), d("2025-03-08"), d("2025-03-15"));
    assertThat(Snapshots.between(d("2025-03-01"), d("2025-03-14"), "1w").dates())
        .containsExactly(d("2025-03-01"), d("2025-03-08"));
  }

  @Test
  void mistakesNameTheFlag() {
    assertThatThrownBy(() -> Snapshots.between(d("2025-03-02"), d("2025-03-01"), "1d"))
        .hasMessageContaining("--to 2025-03-01 is before --from 2025-03-02");
    assertThatThrownBy(() -> Snapshots.between(d("2025-03-01"), d("2025-03-02"), "0d"))
        .hasMessageContaining("--every '0d'");
    assertThatThrownBy(() -> Snapshots.between(d("2025-03-01"), d("2025-03-02"), "1y"))
        .hasMessageContaining("d (days), w (weeks) or M (months)");
  }
}
