package io.callwise.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FeatureDocTest {

  @Test
  void docsFeaturesIsTheRenderedCatalog() throws Exception {
    Path doc = Path.of("..", "docs", "FEATURES.md");
    assertThat(doc).exists();
    assertThat(Files.readString(doc, StandardCharsets.UTF_8))
        .as("docs/FEATURES.md is stale: run bin/callwise docs")
        .isEqualTo(FeatureDoc.render());
  }
}
