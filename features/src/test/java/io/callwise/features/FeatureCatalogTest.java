package io.callwise.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callwise.features.FeatureSpec.Aggregation;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureCatalogTest {

  @Test
  void catalogIsWellFormed() {
    assertThat(FeatureCatalog.FEATURES).hasSizeGreaterThanOrEqualTo(50);
    assertThat(FeatureCatalog.names()).doesNotHaveDuplicates();
    for (FeatureSpec f : FeatureCatalog.FEATURES) {
      String n = f.name().toLowerCase(Locale.ROOT);
      assertThat(n).matches("[a-z0-9_]+");
      assertThat(n)
          .as("no protected attribute, contact setting or region")
          .doesNotContain("gender", "ethnic", "race", "birth", "religion", "region", "consent");
      assertThat(f.description()).as(f.name()).isNotBlank();
      if (f.aggregation() == Aggregation.FORMULA) {
        assertThat(f.source()).isIn(Source.DERIVED);
      }
      if (f.aggregation() == Aggregation.DAYS_SINCE) {
        assertThat(f.windowDays()).as(f.name() + " needs a window").isNotNull();
        assertThat(f.defaultValue()).isEqualTo(f.windowDays() + 1);
      }
      if (f.aggregation() == Aggregation.COUNT || f.aggregation() == Aggregation.FLAG) {
        assertThat(f.defaultValue()).as(f.name()).isEqualTo(0);
      }
    }
    // Every source is used.
    assertThat(FeatureCatalog.FEATURES.stream().map(FeatureSpec::source).distinct())
        .containsExactlyInAnyOrder(Source.values());
  }

  @Test
  void exclusionsTakeASourceWholeAndTheFormulasThatReadIt() {
    Set<String> out = FeatureCatalog.excluded(List.of("STATEMENTS", "payment_ratio_last"));
    assertThat(out)
        .contains(
            "statements_365d",
            "statement_utilization_avg_92d",
            "payment_ratio_last",
            // formulas of the derived group that read statement features
            "statement_utilization_trend_92d",
            "statement_balance_growth_183d")
        .doesNotContain("payment_ratio_avg_183d", "utilization", "dpd_current");
    assertThat(FeatureCatalog.of(Source.STATEMENTS))
        .allSatisfy(f -> assertThat(out).contains(f.name()));
    assertThat(FeatureCatalog.excluded(List.of("statement_payments")))
        .contains("statements_paid_in_full_92d", "days_since_full_payment");
    assertThat(FeatureCatalog.excluded(List.of())).isEmpty();
    assertThat(FeatureCatalog.inputsOf(FeatureCatalog.byName("utilization").orElseThrow()))
        .containsExactlyInAnyOrder("outstanding_balance", "credit_limit");
    assertThatThrownBy(() -> FeatureCatalog.excluded(List.of("statment_balance_last")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'statment_balance_last' is neither a feature")
        .hasMessageContaining("STATEMENTS");
  }

  @Test
  void versionIsAShortStableFingerprint() {
    assertThat(FeatureCatalog.version()).hasSize(12).isEqualTo(FeatureCatalog.version());
  }
}
