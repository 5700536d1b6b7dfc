package io.callwise.jobs.ingest;

import io.callwise.contract.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failure to read an export (raised by Spark while a table is validated, before anything is
 * written) into one line that names the table, the file, what is wrong and the fix.
 */
final class ReadFailures {

  private static final Pattern FILE = Pattern.compile("reading file (\\S+?)\\.?(\\s|$)");

  private ReadFailures() {}

  static String describe(
      TableSpec spec, RawSourceReader.Source source, Throwable e, IngestOptions options) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    String file = null;
    for (Throwable t : chain) {
      Matcher m = FILE.matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        file = m.group(1);
        break;
      }
    }
    String where =
        spec.name() + ": " + (file != null ? "file " + file : "the export under " + source.path());
    for (Throwable t : chain) {
      String name = t.getClass().getName();
      String message = String.valueOf(t.getMessage());
      if (name.endsWith("ChecksumException")) {
        return where
            + " does not match its Hadoop checksum (the .crc file beside it): it was changed after"
            + " the checksum was written, or is damaged ("
            + firstLine(message)
            + "). Fix: re-deliver the file, or delete its stale .crc file if the edit was"
            + " intended.";
      }
      if (name.endsWith("TextParsingException") && message.contains("maximum number of char")) {
        return where
            + " has a field longer than callwise.ingest.max-field-chars = "
            + options.maxFieldChars()
            + " characters: a quote is probably left open, so the field runs on over the"
            + " following lines. Fix: correct the quoting of that line, or raise the limit.";
      }
      if (name.endsWith("ZipException") || message.contains("incorrect header check")) {
        return where
            + " is not a valid compressed file ("
            + firstLine(message)
            + "). Fix: re-deliver it.";
      }
      if (message.contains("CSV header does not conform")) {
        return where
            + "'s header does not match the table's other files ("
            + firstLine(message)
            + "). Fix: export every file of the table with the same header.";
      }
    }
    Throwable root = chain.get(chain.size() - 1);
    return where
        + " could not be read: "
        + root.getClass().getSimpleName()
        + ": "
        + firstLine(String.valueOf(root.getMessage()))
        + ". Fix: re-deliver the file in the format callwise.ingest.format names.";
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
