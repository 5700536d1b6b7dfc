package io.callwise.synth;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic defects of a lender's export, injected into a small share of generated rows so that
 * ingest has something to quarantine. Each kind maps to exactly one quarantine reason, so the
 * ground-truth table of injected defects can be reconciled with what ingest reports.
 */
final class Defects {
  static final String DUPLICATE = "DUPLICATE_IN_BATCH";
  static final String NEGATIVE = "NEGATIVE_AMOUNT";
  static final String BAD_TYPE = "INVALID_TYPE";
  static final String BAD_ENUM = "UNKNOWN_ENUM_VALUE";
  static final String NO_KEY = "MISSING_KEY";
  static final String ORPHAN = "ORPHAN_REFERENCE";
  static final String OLD_DATE = "DATE_OUT_OF_RANGE";

  private Defects() {}

  /** Damages {@code row} of {@code table} in place and returns the defect kind. */
  static String apply(String table, String[] row, SplittableRandom r) {
    if (table.equals("accounts")) {
      // Other tables refer to accounts: damaging one would cascade into orphans elsewhere.
      return DUPLICATE;
    }
    int money = moneyColumn(table);
    int enumColumn = enumColumn(table);
    int time = timeColumn(table);
    String[] kinds = {DUPLICATE, NEGATIVE, BAD_TYPE, BAD_ENUM, NO_KEY, ORPHAN, OLD_DATE};
    String kind;
    do {
      kind = kinds[r.nextInt(kinds.length)];
    } while ((kind.equals(NEGATIVE) && money < 0) || (kind.equals(BAD_ENUM) && enumColumn < 0));
    switch (kind) {
      case NEGATIVE -> row[money] = "-" + row[money];
      case BAD_TYPE -> row[time] = reformat(row[time]);
      case BAD_ENUM -> row[enumColumn] = "UNKNOWN_" + row[enumColumn].toLowerCase(Locale.ROOT);
      case NO_KEY -> row[0] = "";
      case ORPHAN -> row[1] = "Z" + row[1].substring(1);
      case OLD_DATE -> row[time] = "1970" + row[time].substring(4);
      default -> {}
    }
    return kind;
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
      case "instalments" -> 2;
      case "arrangements" -> 3;
      default -> -1;
    };
  }
}
