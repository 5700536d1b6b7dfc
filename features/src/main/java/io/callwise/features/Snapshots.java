package io.callwise.features;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The as-of dates of one run, and the one-pass way to compute many of them: every history row is
 * copied to the snapshots it can affect (those between its {@code relevant_from} and {@code
 * relevant_until} days), then everything is aggregated by (account, as-of date) at once. A row
 * outside every snapshot's reach is dropped before any shuffle; the history is read once, whatever
 * the number of dates.
 */
public final class Snapshots {

  public static final String AS_OF_DATE = "as_of_date";
  public static final String FROM = "relevant_from";
  public static final String UNTIL = "relevant_until";

  /** A day after every snapshot: "relevant for ever". */
  public static final LocalDate FOREVER = LocalDate.of(9999, 12, 31);

  private final List<LocalDate> dates;

  private Snapshots(List<LocalDate> dates) {
    if (dates.isEmpty()) {
      throw new IllegalArgumentException("no as-of date selected");
    }
    this.dates = List.copyOf(dates);
  }

  public static Snapshots of(LocalDate... dates) {
    return new Snapshots(List.of(dates));
  }

  public static Snapshots of(List<LocalDate> dates) {
    return new Snapshots(dates.stream().distinct().sorted().toList());
  }

  /**
   * {@code from}, then every {@code every} ("1d", "7d", "1w", "1M", "3M") up to and including
   * {@code to}. Months step from {@code from} without drifting (Jan 15 → Feb 15 → Mar 15); from a
   * month's last day they step through month ends (Feb 28 → Mar 31 → Apr 30).
   */
  public static Snapshots between(LocalDate from, LocalDate to, String every) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    Period step = parseStep(every);
    boolean monthEnds = from.getDayOfMonth() == from.lengthOfMonth();
    List<LocalDate> out = new ArrayList<>();
    for (int k = 0; ; k++) {
      LocalDate d;
      if (step.getMonths() > 0) {
        d = from.plusMonths((long) k * step.getMonths());
        if (monthEnds) {
          d = d.withDayOfMonth(d.lengthOfMonth());
        }
      } else {
        d = from.plusDays((long) k * step.getDays());
      }
      if (d.isAfter(to)) {
        break;
      }
      out.add(d);
    }
    return new Snapshots(out);
  }

  /** Parses "Nd", "Nw" or "NM" (N ≥ 1). */
  public static Period parseStep(String every) {
    if (every == null || !every.matches("[1-9][0-9]{0,3}[dwM]")) {
      throw new IllegalArgumentException(
          "--every '"
              + every
              + "' is not a step. Fix: use a number and a unit, d (days), w (weeks) or M"
              + " (months), e.g. 1d, 1w, 1M");
    }
    int n = Integer.parseInt(every.substring(0, every.length() - 1));
    return switch (every.charAt(every.length() - 1)) {
      case 'd' -> Period.ofDays(n);
      case 'w' -> Period.ofDays(7 * n);
      default -> Period.ofMonths(n);
    };
  }

  public List<LocalDate> dates() {
    return dates;
  }

  public LocalDate first() {
    return dates.get(0);
  }

  public LocalDate last() {
    return dates.get(dates.size() - 1);
  }

  /** A date literal. */
  public static Column date(LocalDate d) {
    return to_date(lit(d.toString()));
  }

  /**
   * {@code rows} once per snapshot D with {@code relevant_from <= D <= relevant_until} (a null
   * until means for ever), with the snapshot in {@value #AS_OF_DATE}.
   */
  public Dataset<Row> spread(Dataset<Row> rows) {
    if (dates.size() == 1) {
      Column d = date(dates.get(0));
      return rows.filter(reaches(d)).withColumn(AS_OF_DATE, d);
    }
    Column all = array(dates.stream().map(Snapshots::date).toArray(Column[]::new));
    Column reach = filter(all, Snapshots::reaches);
    return rows.withColumn(AS_OF_DATE, explode(reach));
  }

  /** Whether a row's relevant days include snapshot {@code d}. */
  private static Column reaches(Column d) {
    return d.geq(col(FROM)).and(col(UNTIL).isNull().or(d.leq(col(UNTIL))));
  }

  @Override
  public String toString() {
    return dates.size() == 1
        ? dates.get(0).toString()
        : String.format(Locale.ROOT, "%d dates %s..%s", dates.size(), first(), last());
  }
}
