package io.callwise.synth;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.callwise.synth.BookSimulator.Arm;
import io.callwise.synth.BookSimulator.Intervention;
import io.callwise.synth.BookSimulator.Outcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Strategies replayed on a synthetic book against its truth. Every account of a decision date is
 * re-simulated from its state at the end of that date under each arm and replicate ({@link
 * BookSimulator#counterfactual}); a strategy's outcome is then each account's potential outcome
 * under the arm the strategy gave it. Arms of one replicate meet the same luck, so strategies are
 * compared on paired draws, and an account simulated once per arm serves every strategy and
 * capacity. Each Spark task simulates its own accounts; only sums per strategy and replicate reach
 * the driver.
 */
public final class PolicySimulation {

  private PolicySimulation() {}

  public static final String ARM = "arm";
  public static final String REPLICATE = "replicate";
  public static final String STRATEGY = "strategy";

  /** One row per account, arm and replicate. */
  public static final StructType POTENTIAL_OUTCOMES =
      new StructType()
          .add("account_id", DataTypes.StringType, false)
          .add(ARM, DataTypes.StringType, false)
          .add(REPLICATE, DataTypes.IntegerType, false)
          .add("delinquent", DataTypes.BooleanType, false)
          .add("dpd_at_decision", DataTypes.IntegerType, false)
          .add("overdue", DataTypes.DoubleType, false)
          .add("recovered", DataTypes.DoubleType, false)
          .add("paid_overdue_7d", DataTypes.IntegerType, false)
          .add("paid_overdue_14d", DataTypes.IntegerType, false)
          .add("cured", DataTypes.IntegerType, false)
          .add("max_dpd", DataTypes.IntegerType, false)
          .add("calls", DataTypes.IntegerType, false)
          .add("connected", DataTypes.IntegerType, false)
          .add("delivered", DataTypes.IntegerType, false)
          .add("complaints", DataTypes.IntegerType, false)
          .add("written_off", DataTypes.IntegerType, false);

  /** The index of a synthetic account id ({@code A0000000042} is 42). */
  public static long index(String accountId) {
    return Long.parseLong(accountId.substring(1));
  }

  /**
   * Potential outcomes of the accounts in {@code accounts} (an {@code account_id} column) under
   * every arm, replicates {@code firstReplicate} to {@code firstReplicate + replicates - 1}, with
   * {@code after} following the contact date.
   */
  public static Dataset<Row> potentialOutcomes(
      SimulationParams params,
      Dataset<Row> accounts,
      LocalDate decisionDate,
      int horizonDays,
      int firstReplicate,
      int replicates,
      BookSimulator.After after) {
    BookSimulator simulator = new BookSimulator(params);
    FlatMapFunction<Row, Row> perAccount =
        r -> {
          String id = r.getString(0);
          long index = index(id);
          List<Row> out = new ArrayList<>();
          for (int rep = firstReplicate; rep < firstReplicate + replicates; rep++) {
            for (Arm arm : Arm.values()) {
              Outcome o =
                  simulator.counterfactual(
                      index, new Intervention(decisionDate, arm, horizonDays, rep, after));
              out.add(row(id, arm, rep, o));
            }
          }
          return out.iterator();
        };
    return accounts.select("account_id").flatMap(perAccount, Encoders.row(POTENTIAL_OUTCOMES));
  }

  static Row row(String id, Arm arm, int replicate, Outcome o) {
    return RowFactory.create(
        id,
        arm.name(),
        replicate,
        o.delinquent(),
        o.dpdAtDecision(),
        o.overdueCents() / 100.0,
        o.recoveredCents() / 100.0,
        o.paidOverdue7d() ? 1 : 0,
        o.paidOverdue14d() ? 1 : 0,
        o.cured() ? 1 : 0,
        o.maxDpd(),
        o.calls(),
        o.connected() ? 1 : 0,
        o.messageDelivered() ? 1 : 0,
        o.complaints(),
        o.writtenOff() ? 1 : 0);
  }

  /**
   * Sums per strategy and replicate. {@code decisions} holds {@code strategy, account_id, arm} (one
   * row per strategy and account, arm CALL, MESSAGE or NONE); accounts are counted where they were
   * past due at the decision date.
   */
  public static Dataset<Row> strategyOutcomes(Dataset<Row> decisions, Dataset<Row> potential) {
    Column delinquent = col("delinquent");
    Column rolled30 = col("dpd_at_decision").lt(30).and(col("max_dpd").geq(30));
    Column rolled60 = col("dpd_at_decision").lt(60).and(col("max_dpd").geq(60));
    return decisions
        .join(potential, new String[] {"account_id", ARM})
        .filter(delinquent)
        .groupBy(STRATEGY, REPLICATE)
        .agg(
            count(lit(1)).as("accounts"),
            sum(when(col(ARM).equalTo(Arm.CALL.name()), 1).otherwise(0)).as("calls_decided"),
            sum(when(col(ARM).equalTo(Arm.MESSAGE.name()), 1).otherwise(0)).as("messages_decided"),
            sum("calls").as("calls_made"),
            sum("recovered").as("recovered"),
            sum("paid_overdue_7d").as("paid_overdue_7d"),
            sum("cured").as("cured"),
            sum(when(rolled30, 1).otherwise(0)).as("rolled_30"),
            sum(when(rolled60, 1).otherwise(0)).as("rolled_60"),
            sum("complaints").as("complaints"),
            sum("written_off").as("written_off"))
        .orderBy(STRATEGY, REPLICATE);
  }
}
