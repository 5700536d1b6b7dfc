package io.callwise.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.to_date;

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

  /** {@code account_id, time_zone}: each account's zone of record (its first version's). */
  public static Dataset<Row> zones(Dataset<Row> accountVersions) {
    return accountVersions.groupBy("account_id").agg(zoneOfRecord());
  }

  /** Aggregate over an account's versions: its first version's zone, as {@value #ZONE}. */
  public static Column zoneOfRecord() {
    return min_by(col(ZONE), col("updated_at")).as(ZONE);
  }
}
