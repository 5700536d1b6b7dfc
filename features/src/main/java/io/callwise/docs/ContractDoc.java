package io.callwise.docs;

import io.callwise.contract.FieldSpec;
import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.ingest.ProtectedColumns;
import io.callwise.ingest.ReasonCode;
import java.util.stream.Collectors;

/** Renders docs/DATA_CONTRACT.md from {@link RawTables}; a test keeps the file identical. */
public final class ContractDoc {

  private ContractDoc() {}

  public static String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Raw data contract\n\n")
        .append("<!-- Generated from RawTables by `bin/callwise docs`;")
        .append(" do not edit by hand. -->\n\n")
        .append(
            "The tables a digital-wallet lender exports to callwise. `callwise ingest` reads each")
        .append(" table from `{input}/{table}/` as CSV with a header line (or Parquet, or Delta),")
        .append(" validates every row against this contract and writes accepted rows to")
        .append(" `bronze/{table}` and rejected rows to `bronze/quarantine`.\n\n")
        .append("## Conventions\n\n")
        .append("- **Time.** Timestamps are instants in UTC, written ISO-8601")
        .append(
            " (`2025-03-31T14:05:00Z`; a value without an offset is read as UTC; an offset such")
        .append(" as `+02:00` is converted). Dates (`yyyy-MM-dd`) are calendar dates in the")
        .append(" account's own time zone, `accounts.time_zone`.\n")
        .append("- **Money** is `decimal(18,2)` in the account currency, written with a `.` and at")
        .append(
            " most two decimals; amounts are positive, their direction follows from the row's type")
        .append(" (balances may be negative, a credit). An amount may not exceed its account")
        .append(
            " currency's cap, `callwise.ingest.money-caps` (1,000,000.00 by default, larger for")
        .append(
            " currencies with small units: IDR 17,000,000,000, JPY 150,000,000, ...); a balance")
        .append(" may not go below minus the cap.\n")
        .append("- **Booleans** are `true`/`false` (also `1`/`0`, `yes`/`no`).\n")
        .append("- **Empty** fields are null. Column names match case-insensitively; values are")
        .append(" trimmed.\n")
        .append(
            "- **Keys.** A primary key identifies a row across all batches: a key accepted once")
        .append(" is never accepted again (`ALREADY_INGESTED`). Every `account_id` must name an")
        .append(" account ingested in the same or an earlier batch.\n")
        .append("- **Extra columns** are ignored and reported (or refused with")
        .append(" `callwise.ingest.extra-columns = fail`). No value of a column outside the")
        .append(" contract is ever stored, in bronze or in quarantine: a quarantined row keeps")
        .append(" the JSON of its contract columns (`raw_record`), and a line that does not split")
        .append(" into the header's columns keeps its text only when the export has no column")
        .append(" outside the contract (otherwise it is withheld and its file named).\n")
        .append("- **Protected attributes.** Extra columns whose names look like protected")
        .append(" attributes are reported as such (`[protected attributes, never stored: ...]`).")
        .append(" A name is split into words (at separators and lower-to-upper-case steps); a")
        .append(" term of up to four letters matches a whole word, a longer one anywhere in the")
        .append(" name, so `MARRIAGE`, `customer_gender`, `DateOfBirth`, `birthdate` and")
        .append(
            " `age_years` are all recognised. The terms are `callwise.ingest.protected-columns`;")
        .append(" by default: ")
        .append(String.join(", ", ProtectedColumns.DEFAULT_TERMS))
        .append(".\n")
        .append("- **Files.** A table is a folder of files (`{input}/{table}/`; names starting")
        .append(" with `_` or `.` are skipped, a sub-folder is refused). Every file is checked")
        .append(" before anything is written: a CSV file must not be empty (0 bytes), must be")
        .append(" UTF-8 text (a byte-order mark is allowed; UTF-16 is refused; a gzip file must be")
        .append(" named `*.gz`, other Hadoop codecs by their extension), and must have the same")
        .append(" header (names and order) as the table's other files, each column named once;")
        .append(" Parquet files of a table must have the same columns and types. A file that")
        .append(" fails its Hadoop checksum (`.crc`) or cannot be read fails the batch before any")
        .append(" write, naming the file.\n")
        .append("- **CSV records** follow RFC 4180: a field holding a comma, a quote (`\"\"`) or")
        .append(" a line break is quoted, and a quoted line break belongs to its field, so a")
        .append(" record may span lines; counts are of records. A record spanning more than")
        .append(" `callwise.ingest.max-lines-per-record` lines is quarantined as")
        .append(" `MALFORMED_RECORD` (a quote left open runs on to the next quote of the file),")
        .append(" and so is a record whose quoted field holds a line with as many fields as the")
        .append(" header (a whole record taken in by such a quote),")
        .append(" and a field longer than `callwise.ingest.max-field-chars` fails the batch.\n")
        .append("- **Encoding.** Contract values are UTF-8 text on one line: bytes that are not")
        .append(" UTF-8 are `INVALID_ENCODING`, control characters (NUL, a line break, a tab) are")
        .append(" `CONTROL_CHARACTER`.\n")
        .append("- **Future.** An event date or time after the batch's as-of time is quarantined;")
        .append(" columns marked *may be future* (due dates, promise dates) may lie up to")
        .append(" `callwise.ingest.max-future-years` ahead. A date may be one day after the UTC")
        .append(" as-of date, because local dates run up to 14 hours ahead of UTC.\n\n");
    md.append("## Batches and their completion marker\n\n")
        .append("A delivery is a batch: one folder `{landing}/{batch}/` holding the table folders.")
        .append(" `callwise nightly` without `--input` ingests the batches of its landing root")
        .append(" (`callwise.ingest.landing`, by default `{root}/landing`) in name order (name")
        .append(" them so that order is delivery order, e.g. `2025-07-01T0200`), each once (a")
        .append(" batch in `bronze/ingest_runs` with no table rejected is done). A batch is read")
        .append(" only once its folder holds a completion marker, written last:\n\n")
        .append("- `_SUCCESS` (any content): the batch is complete; its as-of time is the")
        .append(" marker's modification time.\n")
        .append("- `_manifest.json`: the batch is complete and says what it holds, which is")
        .append(" verified before anything is read:\n\n")
        .append("```json\n")
        .append("{\"as_of\": \"2025-07-01T02:00:00Z\",\n")
        .append(" \"tables\": {\"accounts\": {\"rows\": 7377,\n")
        .append("                         \"files\": {\"part-0.csv\": \"<SHA-256, hex>\"}},\n")
        .append("            \"transactions\": {\"rows\": 219913, \"files\": {}}}}\n")
        .append("```\n\n")
        .append("  Every listed file must be in its table's folder with that SHA-256, and no")
        .append(" data file may be there unlisted (an empty `files` skips the file check); each")
        .append(" table's record count must equal `rows`, and a listed table must be present.")
        .append(" Any difference refuses the batch before its first write, naming the file or")
        .append(" table; nothing of it is ingested and the night stops before publishing.")
        .append(" `callwise generate` writes such a manifest.\n\n")
        .append("A folder without a marker is a delivery still being written: it is left for a")
        .append(" later night and reported as waiting.\n\n");
    md.append("## Tables\n\n");
    for (TableSpec t : RawTables.ALL) {
      md.append("- [`").append(t.name()).append("`](#").append(t.name()).append(")\n");
    }
    md.append('\n');
    for (TableSpec t : RawTables.ALL) {
      md.append("### ").append(t.name()).append("\n\n").append(t.description()).append("\n\n");
      md.append("Primary key: `")
          .append(String.join("`, `", t.primaryKey()))
          .append("`. Dated by `")
          .append(t.eventDateColumn())
          .append("`.\n\n");
      md.append("| column | type | required | allowed values / range | unit | meaning |\n");
      md.append("|---|---|---|---|---|---|\n");
      for (FieldSpec f : t.fields()) {
        md.append("| `")
            .append(f.name())
            .append("`")
            .append(f.role() == FieldSpec.Role.PRIMARY_KEY ? " (PK)" : "")
            .append(f.role() == FieldSpec.Role.ACCOUNT_REF ? " (→ accounts)" : "")
            .append(" | ")
            .append(f.type().simpleString())
            .append(" | ")
            .append(
                f.mayBeAbsent() ? "no; the column may be left out" : f.nullable() ? "no" : "yes")
            .append(" | ")
            .append(constraint(f))
            .append(" | ")
            .append(f.unit())
            .append(" | ")
            .append(f.description())
            .append(" |\n");
      }
      if (!t.rules().isEmpty()) {
        md.append("\nRules across columns (violations are `INCONSISTENT_RECORD`):\n\n");
        t.rules().forEach(r -> md.append("- ").append(r).append('\n'));
      }
      md.append('\n');
    }
    md.append("## Quarantine reasons\n\n")
        .append("A rejected row gets the first reason that applies, in this order, and a detail")
        .append(" naming the column, the value and what was expected.\n\n")
        .append("| reason_code | meaning |\n|---|---|\n");
    for (ReasonCode r : ReasonCode.values()) {
      md.append("| `").append(r.name()).append("` | ").append(r.meaning()).append(" |\n");
    }
    md.append('\n');
    return md.toString();
  }

  private static String constraint(FieldSpec f) {
    StringBuilder c = new StringBuilder();
    if (f.isEnum()) {
      c.append(f.allowed().stream().map(v -> "`" + v + "`").collect(Collectors.joining(", ")));
    }
    if (f.isMoney()) {
      c.append(f.mayBeNegative() ? "−cap" : f.min().toPlainString()).append(" … cap");
    } else if (f.min() != null || f.max() != null) {
      c.append(f.min() == null ? "" : f.min().toPlainString())
          .append(" … ")
          .append(f.max() == null ? "" : f.max().toPlainString());
    }
    switch (f.format()) {
      case IANA_TIME_ZONE -> c.append("IANA time-zone id");
      case ISO_CURRENCY -> c.append("ISO 4217 code");
      case MCC -> c.append("4 digits");
      case NONE -> {}
    }
    if (f.mayBeFuture()) {
      c.append(c.length() == 0 ? "" : "; ").append("may be future");
    }
    return c.toString();
  }
}
