package io.callwise.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.FieldSpec;
import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractDocTest {

  @Test
  void docsDataContractIsTheRenderedContract() throws Exception {
    Path doc = Path.of("..", "docs", "DATA_CONTRACT.md");
    assertThat(doc).exists();
    assertThat(Files.readString(doc, StandardCharsets.UTF_8))
        .as("docs/DATA_CONTRACT.md is stale: run bin/callwise docs")
        .isEqualTo(ContractDoc.render());
  }

  @Test
  void contractIsWellFormed() {
    assertThat(RawTables.ALL.get(0)).isSameAs(RawTables.ACCOUNTS);
    Set<String> names = new HashSet<>();
    for (TableSpec t : RawTables.ALL) {
      assertThat(names.add(t.name())).isTrue();
      assertThat(t.field(t.eventDateColumn())).as(t.name() + " event column").isPresent();
      assertThat(t.columnNames()).doesNotHaveDuplicates();
      for (FieldSpec f : t.fields()) {
        String n = f.name().toLowerCase(Locale.ROOT);
        assertThat(n)
            .as("no protected attributes")
            .doesNotContain("gender", "ethnic", "race", "birth", "religion");
        assertThat(f.description()).isNotBlank();
        if (f.isKey()) {
          assertThat(f.nullable()).as(t.name() + "." + f.name() + " keys are required").isFalse();
        }
      }
      if (t != RawTables.ACCOUNTS) {
        assertThat(t.referencesAccounts()).isTrue();
      }
    }
  }
}
