package io.callwise.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class ScoringTablesTest {

  @Test
  void docsOutputContractIsTheRenderedContract() throws Exception {
    Path doc = Path.of("..", "docs", "OUTPUT_CONTRACT.md");
    assertThat(doc).exists();
    assertThat(Files.readString(doc, StandardCharsets.UTF_8))
        .as("docs/OUTPUT_CONTRACT.md is stale: run bin/callwise docs")
        .isEqualTo(ScoringTables.render());
  }

  @Test
  void everyColumnIsDescribedAndKeysAreRequired() {
    for (ScoringTables.Table t : ScoringTables.TABLES) {
      for (StructField f : t.schema().fields()) {
        assertThat(f.getComment().isDefined()).as(t.name() + "." + f.name()).isTrue();
      }
      for (String k : t.key()) {
        assertThat(t.schema().apply(k).nullable()).as(t.name() + "." + k).isFalse();
      }
    }
    // The contact queue is a projection of account_scores: same names, same types.
    for (StructField f : ScoringTables.CONTACT_QUEUE.fields()) {
      assertThat(ScoringTables.ACCOUNT_SCORES.apply(f.name()).dataType()).isEqualTo(f.dataType());
    }
    assertThat(TreatmentPolicy.reasonCodes()).doesNotHaveDuplicates();
  }
}
