package io.callwise.synth;

import static io.callwise.ingest.ReasonCode.DATE_OUT_OF_RANGE;
import static io.callwise.ingest.ReasonCode.DUPLICATE_IN_BATCH;
import static io.callwise.ingest.ReasonCode.INVALID_TYPE;
import static io.callwise.ingest.ReasonCode.MISSING_KEY;
import static io.callwise.ingest.ReasonCode.NEGATIVE_AMOUNT;
import static io.callwise.ingest.ReasonCode.ORPHAN_REFERENCE;
import static io.callwise.ingest.ReasonCode.UNKNOWN_ENUM_VALUE;

import io.callwise.ingest.ReasonCode;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic defects of a lender's export, injected into a small share of generated rows so that
 * ingest has something to quarantine. Each kind maps to exactly one quarantine reason, so the
 * ground-truth table of injected defects can be reconciled with what ingest reports.
 */
final class Defects {
  private Defects() {}

  /** Damages {@code row} of {@code table} in place and returns the defect kind. */
  static String apply(String table, String[] row, SplittableRandom r) {
    if (table.equals("accounts")) {
      // Other tables refer to accounts: damaging one would cascade into orphans elsewhere.
      return DUPLICATE_IN_BATCH.name();
    }
    int money = moneyColumn(table);
    int enumColumn = enumColumn(table);
    int time = timeColumn(table);
    ReasonCode[] kinds = {
      DUPLICATE_IN_BATCH,
      NEGATIVE_AMOUNT,
      INVALID_TYPE,
      UNKNOWN_ENUM_VALUE,
      MISSING_KEY,
      ORPHAN_REFERENCE,
      DATE_OUT_OF_RANGE
    };
    ReasonCode kind;
    do {
      kind = kinds[r.nextInt(kinds.length)];
    } while ((kind == NEGATIVE_AMOUNT && money < 0)
        || (kind == UNKNOWN_ENUM_VALUE && enumColumn < 0));
    switch (kind) {
      case NEGATIVE_AMOUNT -> row[money] = "-" + row[money];
      case INVALID_TYPE -> row[time] = reformat(row[time]);
      case UNKNOWN_ENUM_VALUE ->
          row[enumColumn] = "UNKNOWN_" + row[enumColumn].toLowerCase(Locale.ROOT);
      case MISSING_KEY -> row[0] = "";
      case ORPHAN_REFERENCE -> row[1] = "Z" + row[1].substring(1);
      case DATE_OUT_OF_RANGE -> row[time] = "1970" + row[time].substring(4);
      default -> {}
    }
    return kind.name();
  }

  /** 2025-03-04T10:15:00Z becomes 04/03/2025 10:15 (a date 04/03/2025), as spreadsheets do. */
  private static String reformat(String iso) {
    String date = iso.substring(8, 10) + "/" + iso.substring(5, 7) + "/" + iso.substring(0, 4);
    return iso.length() > 10 ? date + " " + iso.substring(11, 16) : date;
  }

  private static int moneyColumn(String table) {
    return switch (table) {
      case "transactions", "repayments" -> 4 - (table.equals("repayments") ? 1 : 0);
      case "instalments" -> 7;
      case "statements" -> 5;
      default -> -1;
    };
  }

  private static int enumColumn(String table) {
    return switch (table) {
      case "transactions" -> 6;
      case "repayments" -> 5;
      case "contacts" -> 3;
      case "complaints" -> 4;
      case "arrangements" -> 2;
      default -> -1;
    };
  }

  private static int timeColumn(String table) {
    return switch (table) {
      case "transactions", "contacts", "repayments", "complaints" -> 2;
      case "instalments", "statements" -> 2;
      case "arrangements" -> 3;
      default -> -1;
    };
  }
}
