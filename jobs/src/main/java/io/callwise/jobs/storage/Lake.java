package io.callwise.jobs.storage;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Paths;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.LoggerFactory;

/**
 * Where things live under the storage root; every Delta table of it is declared in {@link Tables}.
 * The layout is part of callwise's contract with the people who operate it:
 *
 * <pre>
 * {root}/landing/{batch}/{table}/     raw exports waiting to be ingested (generate writes here)
 * {root}/bronze/{table}               validated raw tables (Delta)
 * {root}/bronze/quarantine            rejected rows of every table and batch (Delta)
 * {root}/bronze/ingest_runs           one row per table and batch ingested (Delta)
 * {root}/features/account_features   borrower features by (account_id, as_of_date) (Delta)
 * {root}/features/dpd_state          the DPD engine's results kept between runs (Delta, internal)
 * {root}/labels/account_labels       delinquency labels by (label, account_id, as_of_date) (Delta)
 * {root}/portfolio/roll_rates        month-over-month roll rates between DPD buckets (Delta)
 * {root}/portfolio/vintages          ever-30+ share by vintage and months on book (Delta)
 * {root}/models/registry             model versions, status and promotion history (Delta)
 * {root}/models/artifacts/{model_id}  MLlib pipeline, calibrator, model.json, report.html, metrics.json
 * {root}/scoring/account_scores      every open account's score and decision, by score_date (Delta)
 * {root}/scoring/contact_queue       the actionable decisions in queue order, by score_date (Delta)
 * {root}/scoring/current_priority    each account's latest published decision (Delta, MERGE)
 * {root}/scoring/scoring_runs        each scoring run with the policy and champions it used (Delta)
 * {root}/ops/nightly_steps           the steps callwise nightly completed, by date (Delta)
 * {root}/truth/{table}                ground truth of a synthetic book; nothing in the pipeline reads it
 * </pre>
 */
public final class Lake {

  private final String root;

  private Lake(String root) {
    this.root = root;
  }

  /** A lake at {@code root}: a Hadoop URI, or a local path made absolute. */
  public static Lake at(String root) {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException(
          "callwise.storage.root is empty. Fix: set it to a path or URI, e.g. --root ./lake");
    }
    URI uri = URI.create(root.replace(" ", "%20"));
    if (uri.getScheme() == null || uri.getScheme().length() == 1) {
      // Hadoop's own form (file:/abs/path): Delta compares locations as strings.
      return new Lake(
          "file:" + Paths.get(root).toAbsolutePath().normalize().toString().replaceAll("/$", ""));
    }
    return new Lake(root.replaceAll("/$", ""));
  }

  public String root() {
    return root;
  }

  public String landing(String batch) {
    return root + "/landing/" + batch;
  }

  public String modelArtifacts(String modelId) {
    return root + "/models/artifacts/" + modelId;
  }

  public String truth(String table) {
    return root + "/truth/" + table;
  }

  /** Whether a Delta table exists at {@code path}. */
  public static boolean isDeltaTable(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  private static final Pattern COMMIT_FILE =
      Pattern.compile("^[0-9]{20}\\.(json|checkpoint.*\\.parquet)$|^_last_checkpoint$");

  /**
   * Removes the folder of a table whose creation never committed: its {@code _delta_log} exists but
   * holds no commit or checkpoint (a process killed before a table's first commit leaves it so, and
   * Delta then refuses every later write as DELTA_TABLE_NOT_FOUND). Nothing in such a folder is
   * part of a table. A folder with any commit, or without a log, is left alone.
   *
   * @return whether something was removed
   */
  public static boolean removeUncommittedTable(SparkSession spark, String path) {
    try {
      Path table = new Path(path);
      Path log = new Path(table, "_delta_log");
      FileSystem fs = log.getFileSystem(spark.sessionState().newHadoopConf());
      if (!fs.exists(log)) {
        return false;
      }
      for (FileStatus f : fs.listStatus(log)) {
        if (f.isFile() && COMMIT_FILE.matcher(f.getPath().getName()).matches()) {
          return false;
        }
      }
      LoggerFactory.getLogger(Lake.class)
          .warn(
              "{} has a _delta_log without any commit (a run was stopped before the table's first"
                  + " commit); removing what that run left before creating the table",
              path);
      return fs.delete(table, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect " + path + ": " + e.getMessage(), e);
    }
  }

  /** Whether anything exists at {@code path}. */
  public static boolean exists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
    }
  }
}
