package io.callwise.docs;

import io.callwise.delinquency.Bucket;
import io.callwise.features.FeatureCatalog;
import io.callwise.features.FeatureSpec;
import io.callwise.features.Source;
import io.callwise.labels.LabelCatalog;
import io.callwise.labels.LabelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders docs/FEATURES.md from {@link FeatureCatalog} and {@link LabelCatalog}; a test keeps the
 * file identical.
 */
public final class FeatureDoc {

  private FeatureDoc() {}

  public static String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Feature catalog and labels\n\n")
        .append("<!-- Generated from FeatureCatalog and")
        .append(" LabelCatalog by `bin/callwise docs`; do not edit by hand. -->\n\n")
        .append("`callwise features` computes these ")
        .append(FeatureCatalog.FEATURES.size())
        .append(" features for every account and as-of date into `features/account_features`")
        .append(" (Delta, key `account_id, as_of_date`, partitioned by `as_of_date`). Catalog")
        .append(" version `")
        .append(FeatureCatalog.version())
        .append("` (stored in `feature_catalog_version` on every row).\n\n");

    md.append("## Point in time\n\n")
        .append("- A snapshot **as of D** describes the account at the **end of calendar day D in")
        .append(" the account's time zone** (`accounts.time_zone` of its first version, so that a")
        .append(" later change can never move an old event to another day). An event with an")
        .append(
            " instant belongs to the local day it happened on and is used at D when that day is")
        .append(" D or earlier: a payment at 23:59 in New York on the due date is on time, one at")
        .append(" 00:30 the next day is a day late. Local dates (statement, due, promise,")
        .append(" arrangement start and end dates) are compared as they are.\n")
        .append("- Later changes to an earlier row are known only from their own day: a payment")
        .append(
            " reversed after D counts as received at D; a complaint resolved after D is open at")
        .append(" D; an arrangement closed after D is in force at D. Account attributes come from")
        .append(" the version with the latest `updated_at` on or before D.\n")
        .append("- A window of N days is D-N+1 .. D. Features with no qualifying row take the")
        .append(" default below (counts and sums 0, days-since the window plus one, ratios")
        .append(" missing).\n")
        .append("- The job refuses dates the ingested data does not cover completely: the end of D")
        .append(
            " in every account time zone must be at or before the latest export's as-of time.\n")
        .append("- `PointInTimeTest` computes features from the whole history and from the history")
        .append(" as known at D (later rows removed, later reversals, resolutions and closures")
        .append(" undone) and requires every value to be equal.\n\n");

    md.append("## Population\n\n")
        .append("Every account with a version known at D, opened on or before D, and not CLOSED")
        .append(" in that version. Written-off accounts stay (recoveries still collect them).")
        .append(" Region, contact consents and do-not-contact flags are not features: they decide")
        .append(" how an account may be contacted, not how risky it is. No protected attribute is")
        .append(" in the contract, and no feature reads a synthetic book's ground truth.\n\n");

    md.append("## Nightly and backfill\n\n")
        .append("`callwise features --date D` and `--from D1 --to D2 --every 1d|1w|1M` run the")
        .append(
            " same code: each history row is copied only to the as-of dates it can affect (from")
        .append(
            " the day it is known to the end of its source's longest window, or while the state")
        .append(" it describes lasts), then everything is aggregated by (account, as-of date) in")
        .append(" one pass. Transactions and contacts are read only from the months the longest")
        .append(" window reaches (Delta partition pruning on `event_month`). The DPD engine reads")
        .append(" the repayment history whole but sorts only what the windows need: an account")
        .append(" whose payments before the longest window cover every instalment due before it")
        .append(" (reversals after it of those payments taken into account) enters with a carry-in")
        .append(" of totals; the others keep their whole history. Both give the same DPD from the")
        .append(" window's first day on.\n\n")
        .append("The DPD engine's results (segments and instalment outcomes, which depend only on")
        .append(" an account's own instalments, payments and terms, not on the as-of date) are")
        .append(" kept between runs in `features/dpd_state` (Delta, internal). A run recomputes")
        .append(" only the accounts with rows in an instalments, repayments or accounts batch")
        .append(" ingested, re-ingested or removed since the state was written (a re-delivered")
        .append(" batch's earlier rows are read back from the bronze version the state recorded),")
        .append(" and appends them in one commit. It rebuilds the state for every account when")
        .append(" there is none, when the engine's code changed, when the dates need history")
        .append(" further back than the state is exact from, when earlier rows can no longer be")
        .append(" read (vacuumed), or when a quarter of the book has been recomputed since the")
        .append(" last rebuild. Each features run prints which of these it did. The labels and")
        .append(" the treatment outcomes read the same state, from their first date on (later")
        .append(" than a night's features need it, so a nightly state serves them as it is); the")
        .append(" labels report prints the same line. Deleting the table is safe: the next run")
        .append(" rebuilds it.\n\n")
        .append("Re-running a date replaces that date's partition in one commit (`replaceWhere`),")
        .append(" so the table never holds two rows for an account and date.\n\n");

    md.append("## Schema evolution\n\n")
        .append("- **A feature is added**: the next run adds its column to the table (Delta schema")
        .append(" merge); dates written before hold null for it until they are re-run.\n")
        .append("- **A feature is removed**: its column stays in the table (readers do not break);")
        .append(" dates written after hold null for it.\n")
        .append("- **A definition changes** (window, filter, type, default): the catalog version")
        .append(" changes; re-run every date a model will read, since rows of both versions would")
        .append(" otherwise be mixed. Models record the catalog version they were trained on.\n")
        .append("- A type change of an existing column is refused by Delta; give the feature a new")
        .append(" name instead.\n\n");

    md.append("## The payment waterfall (DPD engine)\n\n")
        .append("- An instalment is billed on its statement date and past due from the day after")
        .append(" its due date.\n")
        .append("- Money pays instalments oldest due date first; a partial payment leaves the rest")
        .append(" of the oldest instalment unpaid; money beyond everything billed is a credit that")
        .append(" pays the next instalments as they are billed.\n")
        .append(
            "- A FAILED attempt moves nothing; a REVERSED payment counts from its own day until")
        .append(" the local day of `reversed_at`, when the money is taken back and the instalments")
        .append(" it had paid are unpaid again.\n")
        .append("- DPD on day d is d minus the due date of the oldest instalment not fully paid at")
        .append(
            " the end of d (0 if that due date is d or later). Overdue amount: due before d and")
        .append(
            " not paid. Outstanding balance: billed and not paid (unbilled principal is not part")
        .append(" of the contract). Credit balance: paid beyond everything billed.\n")
        .append("- Buckets: ");
    List<String> buckets = new ArrayList<>();
    for (Bucket b : Bucket.values()) {
      buckets.add("`" + b.label() + "`");
    }
    md.append(String.join(", ", buckets)).append(".\n\n");

    md.append("## Features\n\n");
    Map<String, List<FeatureSpec>> groups = new LinkedHashMap<>();
    for (FeatureSpec f : FeatureCatalog.FEATURES) {
      groups.computeIfAbsent(f.group(), g -> new ArrayList<>()).add(f);
    }
    for (var e : groups.entrySet()) {
      md.append("### ").append(e.getKey()).append("\n\n");
      Source source = e.getValue().get(0).source();
      md.append("Source: ").append(source.tables()).append(". ").append(source.description());
      md.append("\n\n| feature | type | aggregation | window | rows | default | meaning |\n");
      md.append("|---|---|---|---|---|---|---|\n");
      for (FeatureSpec f : e.getValue()) {
        md.append("| `")
            .append(f.name())
            .append("` | ")
            .append(f.type().simpleString())
            .append(" | ")
            .append(aggregationText(f))
            .append(" | ")
            .append(windowText(f))
            .append(" | ")
            .append(f.filterText() == null ? "all" : f.filterText())
            .append(" | ")
            .append(f.defaultValue() == null ? "missing" : f.defaultValue())
            .append(" | ")
            .append(f.description())
            .append(" |\n");
      }
      md.append('\n');
    }

    md.append("## Labels\n\n")
        .append("`callwise labels` writes `labels/account_labels` (Delta, key `label, account_id,")
        .append(
            " as_of_date`, partitioned by `as_of_date`). A label at D exists only when its whole")
        .append(" horizon D+1..D+h is covered by the ingested data (matured). Labels read history")
        .append(" after D by definition; they are kept apart from features and nothing on the")
        .append(
            " scoring path reads them. Population: accounts in the feature population at D that")
        .append(" are ACTIVE or FROZEN, with DPD at D in the label's range.\n\n")
        .append("| label | population | horizon | event (label = 1) | meaning |\n")
        .append("|---|---|---|---|---|\n");
    for (LabelSpec l : LabelCatalog.ALL) {
      md.append("| `")
          .append(l.name())
          .append("` | ")
          .append(l.populationText())
          .append(" | ")
          .append(l.horizonDays())
          .append(" days | ")
          .append(l.eventText())
          .append(" | ")
          .append(l.description())
          .append(" |\n");
    }
    md.append("\nColumns: `label, account_id, as_of_date, dpd_at_as_of, horizon_days,")
        .append(" observed_through, max_dpd_in_horizon, label_value`.\n\n");

    md.append("## Portfolio views\n\n")
        .append("`callwise portfolio` rebuilds both over the whole ingested history:\n\n")
        .append("- `portfolio/roll_rates`: `month_end, next_month_end, from_state, to_state,")
        .append(" accounts, outstanding_balance, share_of_from`; a state is the DPD bucket at the")
        .append(
            " month end, or `WRITTEN_OFF` / `CLOSED` from the account status. Accounts closed at")
        .append(" the first month end are left out.\n")
        .append("- `portfolio/vintages`: `vintage_month, product, months_on_book, accounts,")
        .append(
            " ever_30_plus, ever_30_plus_rate`; accounts opened on or after the first statement")
        .append(" date in the data (their whole life is observed), each month on book counted once")
        .append(" it has fully passed.\n");
    return md.toString();
  }

  private static String aggregationText(FeatureSpec f) {
    return switch (f.aggregation()) {
      case VALUE -> "value: " + f.valueText();
      case COUNT -> "count";
      case SUM -> "sum of " + f.valueText();
      case MAX -> "max of " + f.valueText();
      case FLAG -> "flag";
      case DAYS_SINCE -> "days since " + f.valueText();
      case LAST -> "latest " + f.valueText();
      case AVG -> "mean of " + f.valueText();
      case FORMULA -> "`" + f.valueText() + "`";
    };
  }

  private static String windowText(FeatureSpec f) {
    if (f.windowDays() != null) {
      return f.windowDays() + " days" + (f.windowOn() == null ? "" : " (on " + f.windowOn() + ")");
    }
    return f.aggregation() == FeatureSpec.Aggregation.FORMULA ? "" : "at D";
  }
}
