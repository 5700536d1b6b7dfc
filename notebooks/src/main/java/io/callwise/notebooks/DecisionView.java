package io.callwise.notebooks;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.callwise.jobs.scoring.PolicyConfig;
import io.callwise.jobs.scoring.PublishJob;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.models.HadoopText;
import io.callwise.policy.PolicySettings;
import io.callwise.policy.ScoringTables;
import io.callwise.policy.Treatment;
import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One night's decisions as collections systems read them: the tier × treatment mix, calls used
 * against each pool's capacity, suppressions and messages by policy reason, the head of the call
 * queue with its reasons, what changed in {@code current_priority} since the night before (its
 * change feed) and, where one was run, the strategy comparison of that night.
 */
public final class DecisionView {

  private final SparkSession spark;
  private final Lake lake;
  private final LocalDate date;

  DecisionView(SparkSession spark, Lake lake, LocalDate date) {
    this.spark = spark;
    this.lake = lake;
    this.date = date;
  }

  private Dataset<Row> scores() {
    return Tables.ACCOUNT_SCORES
        .read(spark, lake)
        .filter(col(ScoringTables.SCORE_DATE).equalTo(lit(Date.valueOf(date))));
  }

  private static List<String> treatments() {
    return Arrays.stream(Treatment.values()).map(Treatment::name).toList();
  }

  /** Accounts by tier and treatment. */
  public HtmlTable tierByTreatment() {
    Dataset<Row> mix =
        scores()
            .groupBy("tier")
            .pivot("treatment", new ArrayList<>(treatments()))
            .count()
            .na()
            .fill(0)
            .orderBy("tier");
    return HtmlTable.of("Accounts by tier and treatment, night of " + date, mix, 10);
  }

  /** The share of each tier's accounts given each treatment, as a heat map. */
  public BufferedImage treatmentMixChart() {
    Map<String, Map<String, Long>> counts = new HashMap<>();
    for (Row r : scores().groupBy("tier", "treatment").count().collectAsList()) {
      counts
          .computeIfAbsent(r.getString(0), k -> new HashMap<>())
          .put(r.getString(1), r.getLong(2));
    }
    List<String> tiers = new ArrayList<>(new TreeSet<>(counts.keySet()));
    List<String> columns = treatments();
    Double[][] shares = new Double[tiers.size()][columns.size()];
    for (int i = 0; i < tiers.size(); i++) {
      Map<String, Long> row = counts.get(tiers.get(i));
      long total = row.values().stream().mapToLong(Long::longValue).sum();
      for (int j = 0; j < columns.size(); j++) {
        shares[i][j] = (double) row.getOrDefault(columns.get(j), 0L) / total;
      }
    }
    return Charts.heatMap(
        "Treatment mix by tier, night of " + date + " (share of the tier's accounts)",
        "treatment",
        "tier",
        columns,
        tiers,
        shares);
  }

  /** The policy the night was decided with (scoring_runs), whatever the configuration is today. */
  public PolicySettings policy() {
    List<Row> runs =
        Tables.SCORING_RUNS
            .read(spark, lake)
            .filter(col(ScoringTables.SCORE_DATE).equalTo(lit(Date.valueOf(date))))
            .orderBy(desc("scored_at"))
            .select("policy")
            .limit(1)
            .collectAsList();
    if (runs.isEmpty()) {
      throw new IllegalStateException(
          "no scoring run for " + date + " in " + Tables.SCORING_RUNS.path(lake));
    }
    return PolicyConfig.parse(runs.get(0).getString(0));
  }

  /** Calls allocated in each pool against its capacity, and the messages sent. */
  public HtmlTable capacity() {
    PolicySettings policy = policy();
    List<List<Object>> rows = new ArrayList<>();
    for (Row r :
        scores()
            .filter(col("treatment").equalTo(Treatment.CALL.name()))
            .groupBy(coalesce(col("call_pool"), lit("ALL")).as("pool"))
            .count()
            .orderBy("pool")
            .collectAsList()) {
      long capacity = policy.capacity().calls(r.getString(0));
      rows.add(
          Arrays.asList(
              r.getString(0),
              capacity,
              r.getLong(1),
              capacity == 0 ? null : (double) r.getLong(1) / capacity));
    }
    return HtmlTable.of(
        String.format(
            "Calls against capacity, night of %s (%d agents × %d calls, pools by %s)",
            date,
            policy.capacity().agents(),
            policy.capacity().callsPerAgent(),
            policy.capacity().poolBy()),
        List.of("pool", "capacity", "calls", "use"),
        rows);
  }

  /** Accounts and overdue amounts by treatment and the policy rule that decided. */
  public HtmlTable policyReasons() {
    Dataset<Row> reasons =
        scores()
            .groupBy("treatment", "policy_reason")
            .agg(count("*").as("accounts"), sum("overdue_amount").as("overdue_amount"))
            .orderBy(col("treatment"), desc("accounts"), col("policy_reason"));
    return HtmlTable.of("Decisions by policy reason, night of " + date, reasons, 60);
  }

  /** The first {@code n} calls of each pool's queue, with the model's top reasons. */
  public HtmlTable callQueue(int n) {
    Dataset<Row> queue =
        Tables.CONTACT_QUEUE
            .read(spark, lake)
            .filter(
                col(ScoringTables.SCORE_DATE)
                    .equalTo(lit(Date.valueOf(date)))
                    .and(col("channel").equalTo("CALL")))
            .orderBy(col("call_pool"), col("queue_position"))
            .select(
                col("call_pool"),
                col("queue_position"),
                col("account_id"),
                col("tier"),
                col("pd"),
                col("expected_loss"),
                col("dpd_current"),
                col("overdue_amount"),
                col("window_start_utc"),
                col("window_end_utc"),
                col("call_attempts_remaining"),
                concat_ws(", ", expr("transform(reasons, r -> concat(r.feature, '=', r.value))"))
                    .as("top_reasons"),
                col("policy_reason"));
    return HtmlTable.of("Head of the call queue, contact date " + date.plusDays(1), queue, n);
  }

  /** The Delta version of current_priority that published {@code d}, or -1. */
  private long publishVersion(Dataset<Row> history, LocalDate d) {
    List<Row> v =
        history
            .filter(col("userMetadata").startsWith(PublishJob.marker(d, "")))
            .agg(org.apache.spark.sql.functions.max("version"))
            .collectAsList();
    return v.isEmpty() || v.get(0).isNullAt(0) ? -1 : v.get(0).getLong(0);
  }

  /**
   * What the publication of this night changed in {@code current_priority}, read from its change
   * feed: accounts added, removed, and those whose treatment moved, from the previous publication.
   */
  public HtmlTable changesSincePreviousNight() {
    Dataset<Row> history = Tables.CURRENT_PRIORITY.delta(spark, lake).history();
    long version = publishVersion(history, date);
    if (version < 0) {
      return HtmlTable.of(
          "current_priority has no publication of "
              + date
              + " (bin/callwise publish --date "
              + date
              + ")",
          List.of(),
          List.of());
    }
    List<Row> previous =
        history
            .filter(
                col("userMetadata")
                    .startsWith(PublishJob.MARKER_PREFIX)
                    .and(col("version").lt(version)))
            .agg(org.apache.spark.sql.functions.max("version"))
            .collectAsList();
    long from = previous.get(0).isNullAt(0) ? 0 : previous.get(0).getLong(0) + 1;
    Dataset<Row> changes =
        spark
            .read()
            .format("delta")
            .option("readChangeFeed", "true")
            .option("startingVersion", from)
            .option("endingVersion", version)
            .load(Tables.CURRENT_PRIORITY.path(lake));
    Dataset<Row> before =
        changes
            .filter(col("_change_type").equalTo("update_preimage"))
            .select(col("account_id"), col("treatment").as("before"));
    Dataset<Row> after =
        changes
            .filter(col("_change_type").isin("update_postimage", "insert", "delete"))
            .select(col("account_id"), col("_change_type"), col("treatment").as("after"));
    Dataset<Row> moves =
        after
            .join(before, new String[] {"account_id"}, "left")
            .select(
                expr("CASE _change_type WHEN 'insert' THEN 'added' WHEN 'delete' THEN 'removed'"
                        + " ELSE 'updated' END")
                    .as("change"),
                expr("CASE WHEN _change_type = 'insert' THEN '-' ELSE coalesce(before, after) END")
                    .as("treatment_before"),
                expr("CASE WHEN _change_type = 'delete' THEN '-' ELSE after END")
                    .as("treatment_after"))
            .groupBy("change", "treatment_before", "treatment_after")
            .count()
            .orderBy(col("change"), desc("count"));
    return HtmlTable.of(
        "current_priority, versions "
            + from
            + " to "
            + version
            + ": what the publication of "
            + date
            + " changed",
        moves,
        40);
  }

  /**
   * The strategy comparison report of this night (callwise evaluate-policy), as its own HTML, or a
   * line saying there is none.
   */
  public String strategyComparisonHtml() {
    String uri = lake.root() + "/reports/policy-evaluation-" + date + ".html";
    try {
      String html = HadoopText.read(spark, uri);
      int start = html.indexOf("<body>");
      int end = html.lastIndexOf("</body>");
      return start >= 0 && end > start ? html.substring(start + 6, end) : html;
    } catch (FileNotFoundException e) {
      return "<p>No strategy comparison for "
          + date
          + " ("
          + uri
          + "): run <code>bin/callwise evaluate-policy --date "
          + date
          + "</code> on a synthetic book.</p>";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
  }
}
