package io.callwise.labels;

import static io.callwise.delinquency.DelinquencyEngine.OLDEST_DUE;
import static io.callwise.delinquency.DelinquencyEngine.SEG_END;
import static io.callwise.delinquency.DelinquencyEngine.SEG_START;
import static io.callwise.features.Snapshots.AS_OF_DATE;
import static io.callwise.features.Snapshots.FROM;
import static io.callwise.features.Snapshots.UNTIL;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.Codes.AccountStatus;
import io.callwise.delinquency.DelinquencyEngine;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Label values of accounts at as-of dates, from the DPD engine's daily history after each date.
 *
 * <p>The population of a label at D is the accounts open at the end of D (known, opened, not CLOSED
 * or WRITTEN_OFF) whose DPD at D is in the label's range. A label is only computed for dates whose
 * horizon is fully observed; the caller passes only such dates ({@link #matured}). Labels use
 * history after D by definition: they live in their own table and no feature or score reads them.
 */
public final class LabelBuilder {

  private LabelBuilder() {}

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            new StructField("label", DataTypes.StringType, false, Metadata.empty()),
            new StructField("account_id", DataTypes.StringType, false, Metadata.empty()),
            new StructField(AS_OF_DATE, DataTypes.DateType, false, Metadata.empty()),
            new StructField("dpd_at_as_of", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("horizon_days", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("observed_through", DataTypes.DateType, false, Metadata.empty()),
            new StructField("max_dpd_in_horizon", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("label_value", DataTypes.IntegerType, false, Metadata.empty())
          });

  /**
   * Whether {@code label} at {@code asOf} is fully observed by the end of {@code observedThrough}.
   */
  public static boolean matured(LabelSpec label, LocalDate asOf, LocalDate observedThrough) {
    return !asOf.plusDays(label.horizonDays()).isAfter(observedThrough);
  }

  public static Dataset<Row> build(
      FeatureSources sources, Snapshots snapshots, List<LabelSpec> labels) {
    int longest = labels.stream().mapToInt(LabelSpec::horizonDays).max().orElseThrow();
    Column d = col(AS_OF_DATE);
    Dataset<Row> population =
        sources
            .states(snapshots)
            .filter(col("status").isin(AccountStatus.ACTIVE.name(), AccountStatus.FROZEN.name()))
            .select(col("account_id"), d, col("dpd"));

    // Segments reaching into (D, D + longest]: D from seg_start - longest to seg_end - 1.
    Dataset<Row> ahead =
        snapshots.spread(
            sources
                .engine()
                .segments()
                .withColumn(FROM, date_sub(col(SEG_START), longest))
                .withColumn(UNTIL, date_sub(col(SEG_END), 1)));
    List<Column> aggs = new ArrayList<>();
    for (LabelSpec l : labels) {
      Column horizonEnd = date_add(d, l.horizonDays());
      Column inHorizon = col(SEG_START).leq(horizonEnd);
      Column lastDay = least(coalesce(col(SEG_END), horizonEnd), horizonEnd);
      aggs.add(max(when(inHorizon, DelinquencyEngine.dpdOn(lastDay))).as("max_dpd_" + l.name()));
      aggs.add(max(when(inHorizon.and(col(OLDEST_DUE).isNull()), lit(1))).as("cured_" + l.name()));
    }
    Dataset<Row> outcomes =
        ahead
            .groupBy(col("account_id"), d)
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    Dataset<Row> joined =
        population.join(outcomes, new String[] {"account_id", AS_OF_DATE}, "left");

    Dataset<Row> out = null;
    for (LabelSpec l : labels) {
      Column maxDpd = coalesce(col("max_dpd_" + l.name()), lit(0));
      Column value =
          switch (l.event()) {
            case REACHES_DPD -> when(maxDpd.geq(l.eventDpd()), 1).otherwise(0);
            case NOT_CURED -> when(col("cured_" + l.name()).isNull(), 1).otherwise(0);
          };
      Dataset<Row> rows =
          joined
              .filter(col("dpd").between(l.populationMinDpd(), l.populationMaxDpd()))
              .select(
                  lit(l.name()).as("label"),
                  col("account_id"),
                  d,
                  col("dpd").cast(DataTypes.IntegerType).as("dpd_at_as_of"),
                  lit(l.horizonDays()).as("horizon_days"),
                  date_add(d, l.horizonDays()).as("observed_through"),
                  maxDpd.cast(DataTypes.IntegerType).as("max_dpd_in_horizon"),
                  value.cast(DataTypes.IntegerType).as("label_value"));
      out = out == null ? rows : out.unionByName(rows);
    }
    return out;
  }
}
