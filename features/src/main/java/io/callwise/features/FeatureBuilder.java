package io.callwise.features;

import static io.callwise.features.Snapshots.AS_OF_DATE;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.Codes.AccountStatus;
import io.callwise.delinquency.DelinquencyEngine;
import io.callwise.features.FeatureSpec.Aggregation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Computes the {@link FeatureCatalog} for a set of as-of dates, in one pass over the history.
 *
 * <p>Population: every account with a version known at the end of the as-of date, opened on or
 * before it, and not CLOSED in that version. For each source, its rows are spread over the
 * snapshots they can matter for ({@link Snapshots#spread}) and aggregated by (account, as-of date)
 * with one conditional aggregate per feature; sources are then joined to the population, features
 * with no qualifying row get their declared default, and formulas are applied last.
 *
 * <p>Output: {@link #schema()}: {@code account_id, as_of_date}, the features in catalog order, and
 * {@code feature_catalog_version}. Pure: no I/O, nothing collected.
 */
public final class FeatureBuilder {

  private FeatureBuilder() {}

  public static final String CATALOG_VERSION = "feature_catalog_version";

  /** Sources aggregated from event rows, in join order. */
  private static final List<Source> EVENT_SOURCES =
      List.of(
          Source.DELINQUENCY,
          Source.INSTALMENTS,
          Source.REPAYMENTS,
          Source.TRANSACTIONS,
          Source.CONTACTS,
          Source.PROMISES,
          Source.CONTACT_RESPONSES,
          Source.COMPLAINTS,
          Source.ARRANGEMENTS,
          Source.SCHEDULE,
          Source.STATEMENTS,
          Source.STATEMENT_PAYMENTS);

  /** The feature table's schema: keys, features in catalog order, catalog version. */
  public static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(new StructField("account_id", DataTypes.StringType, false, Metadata.empty()));
    fields.add(new StructField(AS_OF_DATE, DataTypes.DateType, false, Metadata.empty()));
    for (FeatureSpec f : FeatureCatalog.FEATURES) {
      fields.add(new StructField(f.name(), f.type(), true, Metadata.empty()));
    }
    fields.add(new StructField(CATALOG_VERSION, DataTypes.StringType, false, Metadata.empty()));
    return new StructType(fields.toArray(StructField[]::new));
  }

  public static Dataset<Row> build(FeatureInputs in, Snapshots snapshots) {
    return build(new FeatureSources(in, exactFrom(snapshots, null)), snapshots);
  }

  /**
   * The first day the delinquency history must be exact for {@code snapshots}: the start of the
   * longest delinquency window before the first date; null (no cut) when the repayment history
   * starts after it anyway ({@code historyStart}, null when unknown).
   */
  public static LocalDate exactFrom(Snapshots snapshots, LocalDate historyStart) {
    int lookback =
        Math.max(
            FeatureCatalog.lookbackDays(Source.DELINQUENCY),
            FeatureCatalog.lookbackDays(Source.INSTALMENTS));
    LocalDate cut = snapshots.first().minusDays(lookback);
    return historyStart != null && !historyStart.isBefore(cut) ? null : cut;
  }

  /** Features at {@code snapshots} from {@code sources}. */
  public static Dataset<Row> build(FeatureSources sources, Snapshots snapshots) {
    Dataset<Row> result = population(sources, snapshots);
    for (Source source : EVENT_SOURCES) {
      List<FeatureSpec> specs = FeatureCatalog.of(source);
      if (specs.isEmpty()) {
        continue;
      }
      Column[] aggs = specs.stream().map(f -> aggregate(f).as(f.name())).toArray(Column[]::new);
      Dataset<Row> agg =
          snapshots
              .spread(sources.rows(source))
              .groupBy(col("account_id"), col(AS_OF_DATE))
              .agg(aggs[0], Arrays.copyOfRange(aggs, 1, aggs.length));
      result = result.join(agg, new String[] {"account_id", AS_OF_DATE}, "left");
    }
    for (FeatureSpec f : FeatureCatalog.FEATURES) {
      if (f.aggregation() == Aggregation.FORMULA) {
        result = result.withColumn(f.name(), f.value().cast(f.type()));
      } else if (f.defaultValue() != null && f.source() != Source.ACCOUNT) {
        result = result.withColumn(f.name(), coalesce(col(f.name()), lit(f.defaultValue())));
      }
    }
    List<Column> out = new ArrayList<>();
    for (StructField field : schema().fields()) {
      out.add(
          field.name().equals(CATALOG_VERSION)
              ? lit(FeatureCatalog.version()).as(CATALOG_VERSION)
              : col(field.name()).cast(field.dataType()).as(field.name()));
    }
    return result.select(out.toArray(Column[]::new));
  }

  /** Accounts in the population at each as-of date, with the account features. */
  static Dataset<Row> population(FeatureSources sources, Snapshots snapshots) {
    List<Column> cols = new ArrayList<>(List.of(col("account_id"), col(AS_OF_DATE)));
    for (FeatureSpec f : FeatureCatalog.of(Source.ACCOUNT)) {
      cols.add(f.value().cast(f.type()).as(f.name()));
    }
    return snapshots
        .spread(sources.accounts())
        .filter(
            col("status")
                .notEqual(AccountStatus.CLOSED.name())
                .and(col("opened_date").leq(col(AS_OF_DATE))))
        .select(cols.toArray(Column[]::new));
  }

  /** Type an average is taken in: exact whatever the order of the rows, 18 integer digits. */
  private static final DecimalType EXACT_MEAN = DataTypes.createDecimalType(30, 12);

  /** The aggregate expression of one declared feature. */
  static Column aggregate(FeatureSpec f) {
    Column when = inWindow(f);
    if (f.filter() != null) {
      when = when.and(f.filter());
    }
    Column out =
        switch (f.aggregation()) {
          case COUNT -> sum(when(when, lit(1)));
          case SUM -> sum(when(when, f.value()));
          case VALUE, MAX -> max(when(when, f.value()));
          case FLAG -> max(when(when, lit(1)));
          case DAYS_SINCE -> datediff(col(AS_OF_DATE), max(when(when, f.value())));
          // The latest day wins; a tie on the day takes the larger value (deterministic).
          case LAST -> max(when(when, struct(col("event_day"), f.value().as("v")))).getField("v");
          // In exact decimals: a sum of doubles depends on the order rows arrive in.
          case AVG -> avg(when(when, f.value().cast(EXACT_MEAN)));
          case FORMULA -> throw new IllegalArgumentException(f.name() + " is a formula");
        };
    return out.cast(f.type());
  }

  /** Whether a row of the feature's source falls in its window of days. */
  static Column inWindow(FeatureSpec f) {
    Column d = col(AS_OF_DATE);
    if (f.windowDays() == null) {
      return lit(true);
    }
    Column windowStart = date_sub(d, f.windowDays() - 1);
    if (f.windowOn() != null) {
      return col(f.windowOn()).leq(d).and(col(f.windowOn()).geq(windowStart));
    }
    if (f.source() == Source.DELINQUENCY) {
      Column end = col(DelinquencyEngine.SEG_END);
      return end.isNull().or(end.geq(windowStart));
    }
    return col("event_day").leq(d).and(col("event_day").geq(windowStart));
  }
}
