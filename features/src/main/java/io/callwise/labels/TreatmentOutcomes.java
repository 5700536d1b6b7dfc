package io.callwise.labels;

import static io.callwise.features.Snapshots.AS_OF_DATE;
import static io.callwise.features.Snapshots.FROM;
import static io.callwise.features.Snapshots.UNTIL;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callwise.contract.Codes.AccountStatus;
import io.callwise.contract.Codes.Channel;
import io.callwise.contract.Codes.ContactOutcome;
import io.callwise.delinquency.DelinquencyEngine;
import io.callwise.features.FeatureSources;
import io.callwise.features.Snapshots;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a night's contact did: for every account open and past due at the end of an as-of date D,
 * the treatment it actually received on the contact date D+1 (from {@code contacts}) and the
 * outcomes declared in {@link LabelCatalog#OUTCOMES} over the days after D. The rows that
 * treatment-effect models learn from, and the outcomes an off-policy evaluation weighs.
 *
 * <p>The treatment is the intention: {@code CALL} when a call was attempted (connected or not),
 * else {@code MESSAGE} when an SMS, push or e-mail was sent (delivered or not), else {@code NONE}.
 * Letters and other channels are not treatments a night chooses. Whether the call reached the
 * borrower and the message was delivered are kept beside it. Only dates whose whole horizon is
 * observed are passed in ({@link #matured}).
 */
public final class TreatmentOutcomes {

  private TreatmentOutcomes() {}

  public static final String TREATMENT = "treatment";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field("account_id", DataTypes.StringType, false),
            field(AS_OF_DATE, DataTypes.DateType, false),
            field("contact_date", DataTypes.DateType, false),
            field("dpd_at_as_of", DataTypes.IntegerType, false),
            field("overdue_at_as_of", DelinquencyEngine.AMOUNT, false),
            field(TREATMENT, DataTypes.StringType, false),
            field("call_connected", DataTypes.BooleanType, false),
            field("message_delivered", DataTypes.BooleanType, false),
            field(LabelCatalog.PAID_OVERDUE_7D.name(), DataTypes.IntegerType, false),
            field(LabelCatalog.PAID_OVERDUE_14D.name(), DataTypes.IntegerType, false),
            field(LabelCatalog.CURED_30D.name(), DataTypes.IntegerType, false),
            field(LabelCatalog.RECOVERED_30D.name(), DelinquencyEngine.AMOUNT, false),
            field("max_dpd_in_horizon", DataTypes.IntegerType, false),
            field("observed_through", DataTypes.DateType, false)
          });

  private static StructField field(String name, org.apache.spark.sql.types.DataType t, boolean n) {
    return new StructField(name, t, n, Metadata.empty());
  }

  /** The longest horizon of the declared outcomes. */
  public static int horizonDays() {
    return LabelCatalog.OUTCOMES.stream().mapToInt(OutcomeSpec::horizonDays).max().orElseThrow();
  }

  /** Whether the outcomes at {@code asOf} are fully observed by the end of {@code through}. */
  public static boolean matured(java.time.LocalDate asOf, java.time.LocalDate through) {
    return !asOf.plusDays(horizonDays()).isAfter(through);
  }

  public static Dataset<Row> build(FeatureSources sources, Snapshots snapshots) {
    int horizon = horizonDays();
    Column d = col(AS_OF_DATE);
    Dataset<Row> population =
        sources
            .states(snapshots)
            .filter(col("status").isin(AccountStatus.ACTIVE.name(), AccountStatus.FROZEN.name()))
            .filter(col("dpd").geq(1))
            .select(col("account_id"), d, col("dpd"), col("overdue_amount"));

    List<String> messages = List.of(Channel.SMS.name(), Channel.PUSH.name(), Channel.EMAIL.name());
    Column isCall = col("channel").equalTo(Channel.CALL.name());
    Column isMessage = col("channel").isin(messages.toArray());
    Dataset<Row> contacted =
        sources
            .rows(io.callwise.features.Source.CONTACTS)
            .withColumn(AS_OF_DATE, date_sub(col("event_day"), 1))
            .groupBy(col("account_id"), d)
            .agg(
                max(isCall).as("__call"),
                max(isCall.and(
                        col("outcome")
                            .isin(
                                ContactOutcome.CONNECTED.name(),
                                ContactOutcome.PROMISE_TO_PAY.name())))
                    .as("__connected"),
                max(isMessage).as("__message"),
                max(isMessage.and(
                        col("outcome")
                            .isin(ContactOutcome.DELIVERED.name(), ContactOutcome.READ.name())))
                    .as("__delivered"));

    // Money in D+1..D+horizon: each move is counted for the dates D in [day - horizon, day - 1].
    Column day = col("day");
    Dataset<Row> paid =
        snapshots
            .spread(
                sources
                    .moneyMoves()
                    .withColumn(FROM, date_sub(day, horizon))
                    .withColumn(UNTIL, date_sub(day, 1)))
            .groupBy(col("account_id"), d)
            .agg(
                sum(when(day.leq(date_add(d, 7)), col("d_paid"))).as("__paid_7d"),
                sum(when(day.leq(date_add(d, 14)), col("d_paid"))).as("__paid_14d"),
                sum(when(day.leq(date_add(d, horizon)), col("d_paid"))).as("__paid_30d"));

    LabelSpec cure =
        new LabelSpec("__cure", "", 1, Integer.MAX_VALUE, horizon, LabelSpec.Event.NOT_CURED, 0);
    Dataset<Row> cured =
        LabelBuilder.build(sources, snapshots, List.of(cure))
            .select(
                col("account_id"),
                d,
                lit(1).minus(col("label_value")).as("__cured"),
                col("max_dpd_in_horizon"));

    String[] keys = {"account_id", AS_OF_DATE};
    Dataset<Row> all =
        population.join(contacted, keys, "left").join(paid, keys, "left").join(cured, keys, "left");
    Column overdue = col("overdue_amount").cast(DelinquencyEngine.AMOUNT);
    Column call = coalesce(col("__call"), lit(false));
    Column message = coalesce(col("__message"), lit(false));
    return all.select(
        col("account_id"),
        d,
        date_add(d, 1).as("contact_date"),
        col("dpd").cast(DataTypes.IntegerType).as("dpd_at_as_of"),
        overdue.as("overdue_at_as_of"),
        when(call, lit(Arm.CALL.name()))
            .when(message, lit(Arm.MESSAGE.name()))
            .otherwise(lit(Arm.NONE.name()))
            .as(TREATMENT),
        coalesce(col("__connected"), lit(false)).as("call_connected"),
        coalesce(col("__delivered"), lit(false)).as("message_delivered"),
        paidAtLeast(col("__paid_7d"), overdue).as(LabelCatalog.PAID_OVERDUE_7D.name()),
        paidAtLeast(col("__paid_14d"), overdue).as(LabelCatalog.PAID_OVERDUE_14D.name()),
        coalesce(col("__cured"), lit(0))
            .cast(DataTypes.IntegerType)
            .as(LabelCatalog.CURED_30D.name()),
        coalesce(col("__paid_30d"), lit(0))
            .cast(DelinquencyEngine.AMOUNT)
            .as(LabelCatalog.RECOVERED_30D.name()),
        coalesce(col("max_dpd_in_horizon"), col("dpd"))
            .cast(DataTypes.IntegerType)
            .as("max_dpd_in_horizon"),
        date_add(d, horizon).as("observed_through"));
  }

  private static Column paidAtLeast(Column paid, Column overdue) {
    return when(coalesce(paid, lit(0)).geq(overdue).and(overdue.gt(0)), lit(1))
        .otherwise(lit(0))
        .cast(DataTypes.IntegerType);
  }
}
