package io.callwise.jobs.runtime;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an operator reads when a command fails for a reason outside callwise: one line saying what
 * went wrong, where, and how to fix it, for storage that cannot be reached, a data file a Delta
 * table's log lists but storage no longer holds, and a full local disk. Anything else is not
 * recognised here (null): the launcher names callwise's own failures and prints the stack trace of
 * the rest.
 */
public final class Failures {

  private Failures() {}

  private static final Pattern FILE_URI =
      Pattern.compile(
          "((?:s3a|s3|gs|abfss?|hdfs|file):/{1,3}[^\\s,;\"'\\]\\)]+|/[^\\s,;\"'\\]\\)]+)");

  /** One line for a failure callwise recognises; null for any other. */
  public static String describe(Throwable e) {
    List<Throwable> chain = chain(e);
    String unreachable = Unreachable.describe(e);
    if (unreachable != null) {
      return unreachable;
    }
    String missing = missingDataFile(chain);
    if (missing != null) {
      return missing;
    }
    String unreadable = unreadableFile(chain);
    if (unreadable != null) {
      return unreadable;
    }
    return fullDisk(chain);
  }

  private static List<Throwable> chain(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /**
   * A data file that a table's log lists is gone from storage: deleted outside callwise (a
   * lifecycle rule, a manual delete, a VACUUM with too short a retention, a partial copy).
   */
  private static String missingDataFile(List<Throwable> chain) {
    for (Throwable t : chain) {
      String m = String.valueOf(t.getMessage());
      boolean notFound =
          t instanceof FileNotFoundException
              || t.getClass().getSimpleName().contains("FileNotFound")
              || m.contains("FILE_NOT_EXIST")
              || m.contains("java.io.FileNotFoundException");
      if (!notFound) {
        continue;
      }
      String file = dataFileIn(m);
      if (file == null) {
        continue;
      }
      String table = tableOf(file);
      return String.format(
          Locale.ROOT,
          "a data file of the Delta table %s is missing from storage: %s. Its log still lists it,"
              + " so the object was removed outside callwise (a lifecycle rule, a manual delete, a"
              + " VACUUM with a short retention). No table is half-written: each write commits"
              + " whole or not at all. Fix: restore the object (bucket versioning or a backup), or roll the table back"
              + " to a version that does not list it (DESCRIBE HISTORY delta.`%s`; RESTORE TABLE"
              + " delta.`%s` TO VERSION AS OF n) and run the commands after that version again.",
          table,
          file,
          table,
          table);
    }
    return null;
  }

  /**
   * A file that is there but cannot be read to its end: truncated (an interrupted copy or upload),
   * not the compression its name says, or otherwise corrupt.
   */
  private static String unreadableFile(List<Throwable> chain) {
    String file = null;
    for (Throwable t : chain) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("FAILED_READ_FILE") || m.contains("Encountered error while reading file")) {
        file = dataFileIn(m);
        if (file == null) {
          Matcher any = FILE_URI.matcher(m.substring(m.indexOf("reading file") + 1));
          file = any.find() ? any.group(1).replaceAll("[.:]+$", "") : null;
        }
        break;
      }
    }
    if (file == null) {
      return null;
    }
    Throwable root = chain.get(chain.size() - 1);
    String why;
    if (chain.stream().anyMatch(t -> t instanceof java.io.EOFException)) {
      why = "it ends before its data does (truncated: an interrupted copy or upload)";
    } else if (chain.stream().anyMatch(t -> t instanceof java.util.zip.ZipException)) {
      why = "it is not valid gzip (" + root.getMessage() + ")";
    } else {
      why = "it is corrupt (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return String.format(
        Locale.ROOT,
        "the file %s could not be read: %s. No table is half-written: each write commits whole or"
            + " not at all. Fix: if it is part of an export, deliver a complete copy of the file"
            + " (or the batch) again; if it belongs to a lake table, restore it from a backup or"
            + " roll the table back (RESTORE TABLE delta.`%s` TO VERSION AS OF n); then run the"
            + " command again.",
        file,
        why,
        tableOf(file));
  }

  /** The first data file (parquet, or any file under a table) named in a message. */
  static String dataFileIn(String message) {
    Matcher m = FILE_URI.matcher(message);
    String candidate = null;
    while (m.find()) {
      String uri = m.group(1).replaceAll("[.:]+$", "");
      if (uri.endsWith(".parquet")) {
        return uri;
      }
      if (candidate == null && uri.contains("/part-")) {
        candidate = uri;
      }
    }
    return candidate;
  }

  /** The table folder of a data file: its path without the file name and partition folders. */
  static String tableOf(String file) {
    String dir = file.substring(0, file.lastIndexOf('/'));
    while (dir.substring(dir.lastIndexOf('/') + 1).contains("=")) {
      dir = dir.substring(0, dir.lastIndexOf('/'));
    }
    return dir;
  }

  /** The local disk Spark spills and shuffles to ({@code spark.local.dir}) is full. */
  private static String fullDisk(List<Throwable> chain) {
    for (Throwable t : chain) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("No space left on device")) {
        return "the local disk Spark writes shuffle and spill files to is full (No space left on"
            + " device). No table is half-written: each write commits whole or not at all."
            + " Fix: free space there, or point spark.local.dir (SPARK_LOCAL_DIRS on a"
            + " cluster) at a larger disk, and run the command again.";
      }
    }
    return null;
  }
}
