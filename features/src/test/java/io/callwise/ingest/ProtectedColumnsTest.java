package io.callwise.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protected attributes are recognised under the spellings real exports use, and only those. */
class ProtectedColumnsTest {

  @Test
  void realExportSpellingsAreRecognised() {
    for (String name :
        List.of(
            "MARRIAGE",
            "EDUCATION",
            "customer_gender",
            "birthdate",
            "DateOfBirth",
            "date_of_birth",
            "DOB",
            "age",
            "AGE",
            "age_years",
            "borrower-age",
            "SEX",
            "marital_status",
            "MaritalStatus",
            "maritalstatus",
            "is_married",
            "ethnicity",
            "race",
            "religion",
            "nationality",
            "citizenship",
            "disability_flag",
            "pregnancy")) {
      assertThat(ProtectedColumns.DEFAULT.isProtected(name)).as(name).isTrue();
    }
  }

  @Test
  void shortTermsMatchWholeWordsOnly() {
    for (String name :
        List.of(
            "page_views", "usage", "message", "agent_id", "storage_class", "grace_days", "note")) {
      assertThat(ProtectedColumns.DEFAULT.isProtected(name)).as(name).isFalse();
    }
  }

  @Test
  void noContractColumnLooksProtected() {
    for (TableSpec t : RawTables.ALL) {
      for (String c : t.columnNames()) {
        assertThat(ProtectedColumns.DEFAULT.isProtected(c)).as(t.name() + "." + c).isFalse();
      }
    }
  }

  @Test
  void termsAreConfigurable() {
    ProtectedColumns custom = new ProtectedColumns(List.of("caste", "tribe"));
    assertThat(custom.isProtected("CASTE_CODE")).isTrue();
    assertThat(custom.isProtected("tribe")).isTrue();
    assertThat(custom.isProtected("gender")).isFalse();
    assertThat(ProtectedColumns.words("DateOfBirth")).containsExactly("date", "of", "birth");
  }
}
