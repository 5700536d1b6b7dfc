package io.callwise.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The point-in-time rule, in one place.
 *
 * <p>A snapshot "as of D" describes an account at the end of calendar day D <em>in the account's
 * own time zone</em>: an event with an instant (a payment, a transaction, a contact) belongs to the
 * local day it happened on, and is known at D when that day is at or before D, that is when the
 * instant is before local midnight starting D+1. Events that carry a local date (statement and due
 * dates, arrangement start and end dates, promise dates) are compared as they are. Due dates and
 * local days then agree: an instalment due on D is paid on time by a payment made at 23:59 local
 * time on D and is one day past due on D+1.
 *
 * <p>The account's time zone for this purpose is the one of its <em>first</em> known version, so
 * that a later change of address can never move an earlier event to another day.
 *
 * <p>The session time zone must be UTC (callwise sessions set it): local days are computed by
 * shifting the UTC instant into the zone and taking the date.
 */
public final class LocalDays {

  private LocalDays() {}

  public static final String ZONE = "time_zone";

  /** Local calendar day of {@code instant} (a timestamp column) in {@code zone} (an IANA id). */
  public static Column of(Column instant, Column zone) {
    return to_date(from_utc_timestamp(instant, zone));
  }

  /**
   * Up to this many zones of a book are written as literals by {@link #of(Column, Column,
   * Collection)}.
   */
  public static final int MAX_LITERAL_ZONES = 16;

  /**
   * The same day as {@link #of(Column, Column)}, faster when {@code zone} is one of {@code
   * bookZones} (the distinct zones of the book's accounts): each of those is a literal whose rules
   * Spark resolves once, where a zone column is parsed again on every row (about 0.2 µs a row, a
   * quarter of a minute per hundred million payments and transactions on two cores). A zone outside
   * the list, or any zone when the book has more than {@value #MAX_LITERAL_ZONES} or the list is
   * empty, takes the column path, so the list only changes the speed.
   */
  public static Column of(Column instant, Column zone, Collection<String> bookZones) {
    List<String> literal =
        bookZones.stream().filter(LocalDays::isZoneId).distinct().sorted().toList();
    if (literal.isEmpty() || literal.size() > MAX_LITERAL_ZONES) {
      return of(instant, zone);
    }
    Column out = null;
    for (String z : literal) {
      Column day = to_date(from_utc_timestamp(instant, lit(z)));
      out = out == null ? when(zone.equalTo(z), day) : out.when(zone.equalTo(z), day);
    }
    return out.otherwise(of(instant, zone));
  }

  private static boolean isZoneId(String z) {
    if (z == null) {
      return false;
    }
    try {
      ZoneId.of(z);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** {@code account_id, time_zone}: each account's zone of record (its first version's). */
  public static Dataset<Row> zones(Dataset<Row> accountVersions) {
    return accountVersions.groupBy("account_id").agg(zoneOfRecord());
  }

  /** Aggregate over an account's versions: its first version's zone, as {@value #ZONE}. */
  public static Column zoneOfRecord() {
    return min_by(col(ZONE), col("updated_at")).as(ZONE);
  }
}
