package io.callwise.jobs.storage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.ingest.IngestStatus;
import io.callwise.ingest.LakeTables;
import io.callwise.jobs.runtime.JobFailedException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the bronze tables for the jobs downstream of ingest. */
public final class Bronze {

  private Bronze() {}

  /**
   * What the ingested data covers: the latest export instant, and the last calendar day that is
   * complete in every account time zone (its end in each zone is at or before that instant).
   */
  public record Coverage(Instant asOf, LocalDate completeThrough, List<String> zones) {}

  /** The contract columns of a bronze table; fails clearly when it was never ingested. */
  public static Dataset<Row> table(SparkSession spark, Lake lake, TableSpec spec) {
    return contractColumns(read(spark, lake, spec), spec);
  }

  /** The contract columns of a bronze table at {@code version}. */
  public static Dataset<Row> table(SparkSession spark, Lake lake, TableSpec spec, long version) {
    requireIngested(spark, lake, spec);
    return contractColumns(Tables.bronze(spec).readAt(spark, lake, version), spec);
  }

  /** The latest version of a bronze table; fails clearly when it was never ingested. */
  public static long version(SparkSession spark, Lake lake, TableSpec spec) {
    requireIngested(spark, lake, spec);
    return TableVersions.latest(spark, Tables.bronze(spec).path(lake));
  }

  /**
   * The contract's columns in contract order; a column the contract gained after the table was last
   * written (one an export may leave out) reads as empty.
   */
  private static Dataset<Row> contractColumns(Dataset<Row> bronze, TableSpec spec) {
    List<String> present = List.of(bronze.columns());
    return bronze.select(
        spec.fields().stream()
            .map(
                f ->
                    present.contains(f.name()) || !f.mayBeAbsent()
                        ? col(f.name())
                        : lit(null).cast(f.type()).as(f.name()))
            .toArray(Column[]::new));
  }

  private static Dataset<Row> read(SparkSession spark, Lake lake, TableSpec spec) {
    requireIngested(spark, lake, spec);
    return Tables.bronze(spec).read(spark, lake);
  }

  /** Fails clearly when the bronze table of {@code spec} was never ingested. */
  private static void requireIngested(SparkSession spark, Lake lake, TableSpec spec) {
    String path = Tables.bronze(spec).path(lake);
    if (!Lake.isDeltaTable(spark, path)) {
      throw new JobFailedException(
          "bronze table "
              + spec.name()
              + " does not exist at "
              + path
              + ". Fix: ingest an export first (callwise ingest --input ... --batch-id ...)"
              + " into this storage root.");
    }
  }

  /**
   * A bronze table read only for the months of {@code from}..{@code to} (UTC months of the event
   * column, one day of margin each side for time zones): partitions outside are never opened.
   */
  public static Dataset<Row> months(
      SparkSession spark, Lake lake, TableSpec spec, LocalDate from, LocalDate to) {
    return contractColumns(
        read(spark, lake, spec)
            .filter(
                col(LakeTables.EVENT_MONTH)
                    .geq(from.minusDays(1).toString().substring(0, 7))
                    .and(
                        col(LakeTables.EVENT_MONTH)
                            .leq(to.plusDays(1).toString().substring(0, 7)))),
        spec);
  }

  /**
   * First day of the earliest event month of a bronze table (partition values only, no data read);
   * null when the table is empty. Every event of the table is on or after it, give or take the one
   * day a local date can precede its UTC month.
   */
  public static LocalDate firstMonth(SparkSession spark, Lake lake, String table) {
    Row r =
        read(spark, lake, RawTables.byName(table).orElseThrow())
            .agg(min(LakeTables.EVENT_MONTH))
            .first();
    return r.isNullAt(0) ? null : LocalDate.parse(r.getString(0) + "-01").minusDays(1);
  }

  public static Coverage coverage(SparkSession spark, Lake lake) {
    String runs = Tables.INGEST_RUNS.path(lake);
    if (!Lake.isDeltaTable(spark, runs)) {
      throw new JobFailedException(
          "no ingest has run into "
              + lake.root()
              + " ("
              + runs
              + " is missing). Fix: ingest an"
              + " export first (callwise ingest --input ... --batch-id ...).");
    }
    Row r =
        Tables.INGEST_RUNS
            .read(spark, lake)
            .filter(
                col("status")
                    .equalTo(IngestStatus.INGESTED.name())
                    .and(col("table_name").equalTo("accounts")))
            .agg(max("as_of"))
            .first();
    Optional<Timestamp> asOf = Optional.ofNullable(r.getTimestamp(0));
    if (asOf.isEmpty()) {
      throw new JobFailedException(
          "no accounts export was ingested into "
              + lake.root()
              + " (bronze/ingest_runs has no INGESTED accounts batch). Fix: ingest an export that"
              + " includes the accounts table.");
    }
    List<String> zones =
        table(spark, lake, RawTables.ACCOUNTS)
            .select("time_zone")
            .distinct()
            .collectAsList()
            .stream()
            .map(z -> z.getString(0))
            .sorted()
            .toList();
    Instant instant = asOf.get().toInstant();
    LocalDate complete = completeThrough(instant, zones);
    return new Coverage(instant, complete, zones);
  }

  /** The last day whose end, in every one of {@code zones}, is at or before {@code asOf}. */
  public static LocalDate completeThrough(Instant asOf, List<String> zones) {
    LocalDate out = null;
    for (String z : zones.isEmpty() ? List.of("UTC") : zones) {
      LocalDate local = asOf.atZone(ZoneId.of(z)).toLocalDate();
      // asOf falls inside local day `local`: the day before is the last complete one, unless asOf
      // is exactly local midnight, which completes the day before as well.
      LocalDate last = local.minusDays(1);
      out = out == null || last.isBefore(out) ? last : out;
    }
    return out;
  }

  /** Fails unless every date is complete in the ingested data. */
  public static void requireCovered(Coverage coverage, LocalDate last, String what) {
    if (last.isAfter(coverage.completeThrough())) {
      throw new JobFailedException(
          what
              + " as of "
              + last
              + " need every event up to the end of that day in each account's time zone, but the"
              + " latest export (as of "
              + coverage.asOf()
              + ") is complete only through "
              + coverage.completeThrough()
              + " in all "
              + coverage.zones().size()
              + " account time zones. Fix: ingest a newer export, or choose dates up to "
              + coverage.completeThrough()
              + ".");
    }
  }
}
