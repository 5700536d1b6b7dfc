package io.callwise.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callwise.synth.BookSimulator.Arm;
import io.callwise.synth.BookSimulator.Intervention;
import io.callwise.synth.BookSimulator.Outcome;
import io.callwise.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A strategy's simulated outcome on a tiny book, against a plain loop over the simulator. */
class PolicySimulationTest {

  static final LocalDate D = LocalDate.parse("2025-06-30");

  /** The arm strategy {@code s} gives account {@code i}. */
  static Arm arm(String s, long i) {
    return s.equals("calls") ? Arm.CALL : Arm.values()[(int) (i % 3)];
  }

  @Test
  void strategyOutcomesAreTheSumsOfAPlainLoop() {
    SparkSession spark = SparkTestSession.get();
    int accounts = 1500;
    int replicates = 2;
    SimulationParams params =
        new SimulationParams(4, accounts, LocalDate.parse("2025-01-01"), 8, 0);
    StructType schema =
        new StructType()
            .add(PolicySimulation.STRATEGY, DataTypes.StringType)
            .add("account_id", DataTypes.StringType)
            .add(PolicySimulation.ARM, DataTypes.StringType);
    List<Row> decided = new ArrayList<>();
    List<Row> ids = new ArrayList<>();
    for (long i = 0; i < accounts; i++) {
      ids.add(RowFactory.create(BookSimulator.accountId(i)));
      for (String s : List.of("calls", "mixed")) {
        decided.add(RowFactory.create(s, BookSimulator.accountId(i), arm(s, i).name()));
      }
    }
    Dataset<Row> decisions = spark.createDataFrame(decided, schema);
    Dataset<Row> all =
        spark.createDataFrame(ids, new StructType().add("account_id", DataTypes.StringType));
    Dataset<Row> potential =
        PolicySimulation.potentialOutcomes(
            params, all.repartition(4), D, 30, 0, replicates, BookSimulator.After.USUAL_PROCESS);
    Map<String, Row> got = new HashMap<>();
    for (Row r : PolicySimulation.strategyOutcomes(decisions, potential).collectAsList()) {
      got.put(r.getString(0) + "/" + r.getInt(1), r);
    }

    BookSimulator sim = new BookSimulator(params);
    for (String s : List.of("calls", "mixed")) {
      for (int rep = 0; rep < replicates; rep++) {
        long n = 0;
        long calls = 0;
        long cured = 0;
        long rolled = 0;
        double recovered = 0;
        for (long i = 0; i < accounts; i++) {
          Outcome o =
              sim.counterfactual(
                  i, new Intervention(D, arm(s, i), 30, rep, BookSimulator.After.USUAL_PROCESS));
          if (!o.delinquent()) {
            continue;
          }
          n++;
          calls += o.calls();
          cured += o.cured() ? 1 : 0;
          rolled += o.dpdAtDecision() < 30 && o.maxDpd() >= 30 ? 1 : 0;
          recovered += o.recoveredCents() / 100.0;
        }
        Row r = got.get(s + "/" + rep);
        assertThat(r).as(s + "/" + rep).isNotNull();
        assertThat(r.<Long>getAs("accounts")).isEqualTo(n);
        assertThat(r.<Long>getAs("calls_made")).isEqualTo(calls);
        assertThat(r.<Long>getAs("cured")).isEqualTo(cured);
        assertThat(r.<Long>getAs("rolled_30")).isEqualTo(rolled);
        assertThat(r.<Double>getAs("recovered")).isCloseTo(recovered, within(1e-6));
        assertThat(n).as("past-due accounts at the decision").isGreaterThan(20);
      }
    }
    assertThat(got).hasSize(2 * replicates);
  }
}
