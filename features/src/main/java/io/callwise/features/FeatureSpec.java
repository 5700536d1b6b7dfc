package io.callwise.features;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;

/**
 * One declared feature: what it aggregates, over which rows and days, its type, its value when the
 * account has no such history, and what it means. The Spark expression and the documentation both
 * come from this declaration.
 *
 * @param name column name in the feature table
 * @param group topic it belongs to (for the documentation)
 * @param source rows it aggregates
 * @param aggregation how the rows become one value
 * @param windowDays days up to and including the as-of date the rows must fall in; null for a state
 *     at the as-of date
 * @param windowOn day column the window applies to; null for the source's own rule
 * @param value expression aggregated (null for COUNT, FLAG and DAYS_SINCE)
 * @param valueText the value in words
 * @param filter which rows count (may use {@code as_of_date}); null for all
 * @param filterText the filter in words
 * @param type Spark type of the column
 * @param defaultValue value when no row qualifies; null keeps the feature missing
 * @param description what it measures and why it matters
 */
public record FeatureSpec(
    String name,
    String group,
    Source source,
    Aggregation aggregation,
    Integer windowDays,
    String windowOn,
    Column value,
    String valueText,
    Column filter,
    String filterText,
    DataType type,
    Object defaultValue,
    String description) {

  /** How rows become one value per account and as-of date. */
  public enum Aggregation {
    /** The single row in force at the as-of date (account attributes, current state). */
    VALUE,
    COUNT,
    SUM,
    MAX,
    /** 1 when any qualifying row exists, else 0. */
    FLAG,
    /** Days from the latest qualifying day to the as-of date. */
    DAYS_SINCE,
    /** The value of the latest qualifying row of the window (by day). */
    LAST,
    /** The mean over the qualifying rows of the window. */
    AVG,
    /** A formula over other features. */
    FORMULA
  }
}
