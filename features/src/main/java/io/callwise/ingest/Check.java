package io.callwise.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * One validation rule over a row: when {@code violated} is true the row is quarantined with {@code
 * code} and the text of {@code detail}. A null {@code violated} (a rule over an empty optional
 * column) counts as satisfied.
 */
record Check(ReasonCode code, Column violated, Column detail) {

  /** Struct(code, detail) when violated, null otherwise. */
  Column asReason() {
    return when(violated, struct(lit(code.name()).as("code"), detail.as("detail")));
  }
}
