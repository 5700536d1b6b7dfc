package io.callwise.jobs.ops;

import static org.apache.spark.sql.functions.col;

import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.TableVersions;
import io.callwise.jobs.storage.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * A past run re-executed into another root: every table it read, and every table it wrote, is
 * shallow-cloned there at the version the run found (Delta time travel; no data is copied), the
 * command runs again with {@code --root} pointing there, and each table it wrote is compared with
 * the version the original run left, leaving out the columns that record when a row was written
 * ({@code *_at} timestamps).
 */
public final class Replay {

  private Replay() {}

  /** Commands whose runs cannot be replayed: they read no lake table or write none. */
  static final Set<String> NOT_REPLAYABLE =
      Set.of("generate", "demo", "benchmark", "runs", "replay", "docs");

  /** A run as recorded. */
  public record Run(
      String runId,
      String command,
      List<String> arguments,
      int exitCode,
      Map<String, Long> inputs,
      Map<String, Long> outputs,
      Map<String, Long> prior) {

    /** The versions the run started from: what it read first, and what it wrote, before it did. */
    public Map<String, Long> startingPoint() {
      // a table written before it was read starts from its version before the write
      Map<String, Long> start = new TreeMap<>(inputs);
      start.putAll(prior);
      return start;
    }
  }

  /** A table the replay wrote, against the original run's version of it. */
  public record Comparison(
      String table, long originalVersion, long rows, long onlyInOriginal, long onlyInReplay) {

    public boolean identical() {
      return onlyInOriginal == 0 && onlyInReplay == 0;
    }
  }

  public static Run load(SparkSession spark, Lake source, String runId) {
    Row r = RunLog.find(spark, source, runId);
    return new Run(
        runId,
        r.getString(r.fieldIndex("command")),
        r.getList(r.fieldIndex("arguments")),
        r.getInt(r.fieldIndex("exit_code")),
        r.getJavaMap(r.fieldIndex("inputs")),
        r.getJavaMap(r.fieldIndex("outputs")),
        r.getJavaMap(r.fieldIndex("prior_versions")));
  }

  /**
   * Clones the run's starting point into {@code into} (which must hold no table yet) and returns
   * the arguments to run again there.
   */
  public static List<String> prepare(SparkSession spark, Lake source, Run run, Lake into) {
    if (NOT_REPLAYABLE.contains(run.command())) {
      throw new JobFailedException(
          "run "
              + run.runId()
              + " is a "
              + run.command()
              + " run, which is not replayed: only commands that read and write lake tables are.");
    }
    if (Lake.exists(spark, into.root() + "/" + Tables.RUNS.location())
        || Lake.exists(spark, into.root() + "/bronze")) {
      throw new JobFailedException(
          "--into " + into.root() + " already holds a lake. Fix: replay into a new, empty root.");
    }
    for (Map.Entry<String, Long> e : run.startingPoint().entrySet()) {
      if (e.getValue() < 0) {
        continue;
      }
      String from = source.root() + "/" + e.getKey();
      String to = into.root() + "/" + e.getKey();
      spark.sql(
          "CREATE TABLE delta.`"
              + to
              + "` SHALLOW CLONE delta.`"
              + from
              + "` VERSION AS OF "
              + e.getValue());
    }
    List<String> args = new ArrayList<>();
    List<String> original = run.arguments();
    // runs recorded with the command's name in front of its arguments
    if (!original.isEmpty() && original.get(0).equals(run.command())) {
      original = original.subList(1, original.size());
    }
    boolean landingGiven = false;
    for (int i = 0; i < original.size(); i++) {
      String a = original.get(i);
      if (a.equals("--root")) {
        i++;
        continue;
      }
      if (a.startsWith("--root=")) {
        continue;
      }
      landingGiven |= a.equals("--landing") || a.startsWith("--landing=");
      args.add(a);
    }
    // The batches the night found under the original's default landing root are found again.
    if (run.command().equals("nightly")
        && !landingGiven
        && !original.contains("--input")
        && !original.contains("--no-discovery")) {
      args.addAll(List.of("--landing", source.root() + "/landing"));
    }
    args.addAll(List.of("--root", into.root()));
    return args;
  }

  /** Each table the run wrote: the replay's rows against the original run's version. */
  public static List<Comparison> compare(SparkSession spark, Lake source, Run run, Lake into) {
    List<Comparison> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : new TreeMap<>(run.outputs()).entrySet()) {
      Dataset<Row> original =
          stable(
              spark
                  .read()
                  .format("delta")
                  .option("versionAsOf", e.getValue())
                  .load(source.root() + "/" + e.getKey()));
      String replayed = into.root() + "/" + e.getKey();
      long latest = TableVersions.latest(spark, replayed);
      if (latest < 0) {
        out.add(new Comparison(e.getKey(), e.getValue(), 0, original.count(), 0));
        continue;
      }
      Dataset<Row> again =
          stable(spark.read().format("delta").load(replayed)).select(cols(original.columns()));
      out.add(
          new Comparison(
              e.getKey(),
              e.getValue(),
              again.count(),
              original.exceptAll(again).count(),
              again.exceptAll(original).count()));
    }
    return out;
  }

  /** The rows without the columns that say when they were written. */
  static Dataset<Row> stable(Dataset<Row> rows) {
    List<String> drop = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      if (f.dataType().equals(DataTypes.TimestampType) && f.name().endsWith("_at")) {
        drop.add(f.name());
      }
    }
    return rows.drop(drop.toArray(String[]::new));
  }

  private static Column[] cols(String[] names) {
    return Arrays.stream(names).map(n -> col("`" + n + "`")).toArray(Column[]::new);
  }

  public static String render(Run run, int exitCode, List<Comparison> comparisons) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "replay of %s (%s): exit %d, the original %d%n",
                run.runId(),
                run.command(),
                exitCode,
                run.exitCode()));
    for (Comparison c : comparisons) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-32s %s (%,d rows; original v%d)%n",
              c.table(),
              c.identical()
                  ? "identical"
                  : String.format(
                      Locale.ROOT,
                      "DIFFERS: %,d rows only in the original, %,d only in the replay",
                      c.onlyInOriginal(),
                      c.onlyInReplay()),
              c.rows(),
              c.originalVersion()));
    }
    return b.toString();
  }
}
