package io.callwise.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.features.FeatureSpec.Aggregation;
import java.util.Locale;
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
  void versionIsAShortStableFingerprint() {
    assertThat(FeatureCatalog.version()).hasSize(12).isEqualTo(FeatureCatalog.version());
  }
}
