package io.callwise.jobs.ops;

import static org.apache.spark.sql.functions.col;

import io.callwise.common.Fingerprints;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.TableVersions;
import io.callwise.jobs.storage.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code ops/runs}: one row per command run against a storage root — its id, command and arguments,
 * the resolved configuration (secrets masked) and its fingerprint, the code version the jar was
 * built from, start, end, status and error, and the Delta version of every lake table it read and
 * wrote ({@link TableVersions}). Secrets never reach the row: configured secret values and URI
 * credentials are masked in the arguments and the error.
 */
public final class RunLog {

  private RunLog() {}

  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  static final String MASK = "****";

  private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z][\\w.-]*)=(\\S+)");

  private static final Pattern URI_CREDENTIALS =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

  /** A run as it starts; {@link #finish} gives its row. */
  public record Started(
      String runId,
      String command,
      List<String> arguments,
      String root,
      String config,
      Instant startedAt,
      List<String> secrets) {}

  /**
   * Starts a run's record.
   *
   * @param config the resolved configuration as text, secrets already masked
   * @param secrets the configured secret values, masked wherever they appear
   */
  public static Started start(
      String command, List<String> arguments, Lake lake, String config, List<String> secrets) {
    TableVersions.reset();
    List<String> masked = arguments.stream().map(a -> mask(a, secrets)).toList();
    return new Started(
        UUID.randomUUID().toString(),
        command,
        masked,
        lake.root(),
        config,
        Instant.now(),
        secrets.stream().filter(s -> s != null && !s.isBlank()).toList());
  }

  /** {@code text} with the secret values and the credentials of URIs replaced by {@value #MASK}. */
  public static String mask(String text, List<String> secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      if (s != null && s.length() >= 4) {
        out = out.replace(s, MASK);
      }
    }
    out = URI_CREDENTIALS.matcher(out).replaceAll("$1" + MASK + "@");
    // key=value of a secret key, whatever its value
    Matcher m = KEY_VALUE.matcher(out);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String replacement =
          CallwiseConfig.isSecret(m.group(1)) ? m.group(1) + "=" + MASK : m.group();
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** Appends the run's row (one commit). */
  public static void finish(
      SparkSession spark, Lake lake, Started run, int exitCode, String error) {
    Instant end = Instant.now();
    Row row =
        RowFactory.create(
            run.runId(),
            run.command(),
            CollectionConverters.asScala(run.arguments()).toSeq(),
            run.root(),
            codeVersion(),
            Fingerprints.sha256Hex(run.config(), 8),
            run.config(),
            Timestamp.from(run.startedAt()),
            Timestamp.from(end),
            (end.toEpochMilli() - run.startedAt().toEpochMilli()) / 1000.0,
            exitCode == 0 ? SUCCEEDED : FAILED,
            exitCode,
            mask(error, run.secrets()),
            CollectionConverters.asScala(TableVersions.read()),
            CollectionConverters.asScala(TableVersions.written()),
            CollectionConverters.asScala(TableVersions.prior()),
            spark.sparkContext().master(),
            spark.sparkContext().applicationId());
    Tables.RUNS.ensure(spark, lake);
    spark
        .createDataFrame(List.of(row), Tables.RUNS.schema())
        .write()
        .format("delta")
        .mode("append")
        .save(Tables.RUNS.path(lake));
  }

  /** The version of the code the jar was built from: version, commit, "dirty" when uncommitted. */
  public static String codeVersion() {
    Properties p = new Properties();
    try (InputStream in = RunLog.class.getResourceAsStream("/callwise-build.properties")) {
      if (in == null) {
        return "unknown";
      }
      p.load(in);
    } catch (IOException e) {
      return "unknown";
    }
    String version = p.getProperty("git.build.version", "?");
    String commit = p.getProperty("git.commit.id.abbrev");
    if (commit == null || commit.isBlank()) {
      return version;
    }
    return version
        + " ("
        + commit
        + ("true".equals(p.getProperty("git.dirty")) ? ", uncommitted changes" : "")
        + ")";
  }

  /** The recorded run {@code runId}; fails, with the fix, when there is no log or no such run. */
  public static Row find(SparkSession spark, Lake lake, String runId) {
    if (!Tables.RUNS.exists(spark, lake)) {
      throw new JobFailedException(
          "no run has been recorded under " + lake.root() + " (" + Tables.RUNS.path(lake) + ").");
    }
    List<Row> rows =
        Tables.RUNS.read(spark, lake).filter(col("run_id").equalTo(runId)).collectAsList();
    if (rows.isEmpty()) {
      throw new JobFailedException(
          "no run "
              + runId
              + " in "
              + Tables.RUNS.path(lake)
              + ". Fix: callwise runs --root "
              + lake.root()
              + " lists them.");
    }
    return rows.get(0);
  }

  /** The runs, newest first, optionally of one command. */
  public static Dataset<Row> runs(SparkSession spark, Lake lake, String command) {
    Dataset<Row> all = Tables.RUNS.read(spark, lake);
    if (command != null) {
      all = all.filter(col("command").equalTo(command));
    }
    return all.orderBy(col("started_at").desc(), col("run_id"));
  }

  /** A table of runs, one line each. */
  public static String render(List<Row> runs) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-36s  %-15s %-20s %8s  %-9s  %s%n",
                "run_id",
                "command",
                "started (UTC)",
                "seconds",
                "status",
                "arguments / error"));
    for (Row r : runs) {
      String started = r.getTimestamp(r.fieldIndex("started_at")).toInstant().toString();
      List<String> args = r.getList(r.fieldIndex("arguments"));
      String error = r.getString(r.fieldIndex("error"));
      String what = String.join(" ", args);
      if (error != null) {
        String first = error.lines().findFirst().orElse("");
        what += "  ! " + (first.length() > 120 ? first.substring(0, 117) + "..." : first);
      }
      b.append(
          String.format(
              Locale.ROOT,
              "%-36s  %-15s %-20s %8.1f  %-9s  %s%n",
              r.getString(r.fieldIndex("run_id")),
              r.getString(r.fieldIndex("command")),
              started.substring(0, Math.min(19, started.length())).replace('T', ' '),
              r.getDouble(r.fieldIndex("seconds")),
              r.getString(r.fieldIndex("status")),
              what));
    }
    return b.toString();
  }

  /** One run in full: every column, inputs and outputs one per line. */
  public static String renderOne(Row r) {
    StringBuilder b = new StringBuilder();
    for (String f : r.schema().fieldNames()) {
      Object v = r.get(r.fieldIndex(f));
      if (f.equals("inputs") || f.equals("outputs") || f.equals("prior_versions")) {
        b.append(f).append(":\n");
        Map<String, Long> m = r.getJavaMap(r.fieldIndex(f));
        new java.util.TreeMap<>(m)
            .forEach((k, x) -> b.append("  ").append(k).append(" v").append(x).append('\n'));
      } else if (f.equals("config")) {
        b.append("config:\n").append(v);
      } else if (f.equals("arguments")) {
        b.append(f)
            .append(": ")
            .append(String.join(" ", r.<String>getList(r.fieldIndex(f))))
            .append('\n');
      } else {
        b.append(f).append(": ").append(v).append('\n');
      }
    }
    return b.toString();
  }
}
