package io.callwise.jobs.cli;

import io.callwise.features.Snapshots;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** {@code --date D}, or {@code --from D1 --to D2 [--every 1d|1w|1M]}: the as-of dates of a run. */
final class DateSelection {

  @Option(
      names = "--date",
      paramLabel = "yyyy-MM-dd",
      description = "One as-of date (the nightly run).")
  String date;

  @Option(names = "--from", paramLabel = "yyyy-MM-dd", description = "First as-of date of a range.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "yyyy-MM-dd",
      description = "Last as-of date of a range (included when the step lands on it).")
  String to;

  @Option(
      names = "--every",
      paramLabel = "STEP",
      description = "Step of a range: Nd, Nw or NM, e.g. 1d, 1w, 1M (default: 1d).")
  String every;

  /** The dates; throws {@link IllegalArgumentException} naming the flag on any mistake. */
  Snapshots snapshots() {
    if (date != null) {
      if (from != null || to != null || every != null) {
        throw new IllegalArgumentException(
            "--date cannot be combined with --from/--to/--every. Fix: give either --date D or"
                + " --from D1 --to D2 [--every STEP]");
      }
      return Snapshots.of(parse("--date", date));
    }
    if (from == null || to == null) {
      throw new IllegalArgumentException(
          "no as-of date. Fix: give --date yyyy-MM-dd, or --from yyyy-MM-dd --to yyyy-MM-dd"
              + " [--every 1d|1w|1M]");
    }
    return Snapshots.between(
        parse("--from", from), parse("--to", to), every == null ? "1d" : every);
  }

  private static LocalDate parse(String flag, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          flag + " '" + value + "' is not a date. Fix: use yyyy-MM-dd, e.g. 2025-06-30");
    }
  }
}
