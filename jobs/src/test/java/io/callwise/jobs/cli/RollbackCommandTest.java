package io.callwise.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A treatment-effect label's champion can be rolled back as a delinquency label's can. */
class RollbackCommandTest {

  @Test
  void treatmentEffectLabelsAreAcceptedAndAnUnknownOneIsRefusedByName() {
    RollbackCommand command = new RollbackCommand();
    for (String label : List.of("early_warning", "uplift_paid_overdue_7d", "uplift_cured_30d")) {
      command.label = label;
      command.validate(null);
    }
    command.label = "uplift_recovered_30d";
    assertThatThrownBy(() -> command.validate(null))
        .hasMessageContaining("'recovered_30d' is not a 0/1 treatment outcome")
        .hasMessageContaining("cured_30d");
    command.label = "late_payer";
    assertThatThrownBy(() -> command.validate(null)).hasMessageContaining("late_payer");
    assertThat(new RollbackCommand.ChampionLabels())
        .contains("no_self_cure", "uplift_paid_overdue_7d", "uplift_cured_30d")
        .doesNotContain("uplift_recovered_30d");
  }
}
