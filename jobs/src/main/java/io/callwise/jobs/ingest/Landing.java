package io.callwise.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.jobs.runtime.JobFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A landing root where exports arrive, one folder per batch ({@code {landing}/{batch}/{table}/}). A
 * batch is complete when its folder holds a completion marker: {@value #SUCCESS} (the export
 * finished; as-of = the marker's time) or {@value #MANIFEST}, which also says what the batch holds
 * and is verified before anything is read:
 *
 * <pre>
 * {"as_of": "2025-07-01T02:00:00Z",
 *  "tables": {"accounts": {"rows": 7377, "files": {"part-0.csv": "sha256 hex", ...}}, ...}}
 * </pre>
 *
 * every listed file must exist with that SHA-256 and no other data file may sit in the table's
 * folder; ingest then checks each table's record count against {@code rows}. A folder without a
 * marker is still being written and is left for a later night.
 */
public final class Landing {

  private Landing() {}

  public static final String SUCCESS = "_SUCCESS";
  public static final String MANIFEST = "_manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A batch folder: complete (with its marker) or not yet. */
  public record Batch(
      String id, String uri, boolean complete, String marker, Instant asOf, Manifest manifest) {}

  /** What a manifest declares: as-of and, per table, its record count and files' checksums. */
  public record Manifest(Instant asOf, Map<String, TableEntry> tables) {}

  public record TableEntry(long rows, Map<String, String> files) {}

  /** The batch folders under {@code landing}, by name; none when the folder does not exist. */
  public static List<Batch> discover(SparkSession spark, String landing) {
    try {
      Path root = new Path(landing);
      FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
      if (!fs.exists(root)) {
        return List.of();
      }
      List<Batch> out = new ArrayList<>();
      TreeMap<String, FileStatus> dirs = new TreeMap<>();
      for (FileStatus s : fs.listStatus(root)) {
        String name = s.getPath().getName();
        if (s.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
          dirs.put(name, s);
        }
      }
      for (Map.Entry<String, FileStatus> e : dirs.entrySet()) {
        String uri = landing + "/" + e.getKey();
        Path manifest = new Path(uri, MANIFEST);
        Path success = new Path(uri, SUCCESS);
        if (fs.exists(manifest)) {
          Manifest m = parse(read(fs, manifest), uri + "/" + MANIFEST);
          out.add(new Batch(e.getKey(), uri, true, MANIFEST, m.asOf(), m));
        } else if (fs.exists(success)) {
          Instant at = Instant.ofEpochMilli(fs.getFileStatus(success).getModificationTime());
          out.add(new Batch(e.getKey(), uri, true, SUCCESS, at, null));
        } else {
          out.add(new Batch(e.getKey(), uri, false, null, null, null));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the landing root " + landing + ": " + e, e);
    }
  }

  /** Parses a manifest; a wrong one fails naming the file, the field and the fix. */
  static Manifest parse(String text, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw refused(where, "is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw refused(where, "is not a JSON object");
    }
    Instant asOf = null;
    if (root.hasNonNull("as_of")) {
      try {
        asOf = Instant.parse(root.get("as_of").asText());
      } catch (DateTimeParseException e) {
        throw refused(
            where, "as_of '" + root.get("as_of").asText() + "' is not an ISO-8601 instant");
      }
    }
    JsonNode tables = root.get("tables");
    if (tables == null || !tables.isObject() || tables.isEmpty()) {
      throw refused(where, "has no \"tables\" object");
    }
    Map<String, TableEntry> entries = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> t = it.next();
      if (RawTables.byName(t.getKey()).isEmpty()) {
        throw refused(where, "lists '" + t.getKey() + "', which is not a raw table");
      }
      JsonNode rows = t.getValue().get("rows");
      if (rows == null || !rows.canConvertToLong() || rows.asLong() < 0) {
        throw refused(where, "tables." + t.getKey() + ".rows is not a count");
      }
      Map<String, String> files = new TreeMap<>();
      JsonNode f = t.getValue().get("files");
      if (f != null) {
        for (Iterator<Map.Entry<String, JsonNode>> fi = f.fields(); fi.hasNext(); ) {
          Map.Entry<String, JsonNode> file = fi.next();
          files.put(file.getKey(), file.getValue().asText().toLowerCase(Locale.ROOT));
        }
      }
      entries.put(t.getKey(), new TableEntry(rows.asLong(), files));
    }
    return new Manifest(asOf, entries);
  }

  /**
   * Checks a manifest batch's files: every listed file present with its SHA-256, no unlisted data
   * file in a listed table's folder. Fails naming the batch, the file and what differs.
   */
  public static void verify(SparkSession spark, Batch batch) {
    if (batch.manifest() == null) {
      return;
    }
    List<String> problems = new ArrayList<>();
    try {
      FileSystem fs = new Path(batch.uri()).getFileSystem(spark.sessionState().newHadoopConf());
      for (Map.Entry<String, TableEntry> t : batch.manifest().tables().entrySet()) {
        Path dir = new Path(batch.uri(), t.getKey());
        Map<String, String> listed = t.getValue().files();
        if (listed.isEmpty()) {
          continue;
        }
        Map<String, FileStatus> present = new TreeMap<>();
        if (fs.exists(dir)) {
          for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (s.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
              present.put(n, s);
            }
          }
        }
        for (Map.Entry<String, String> f : listed.entrySet()) {
          FileStatus s = present.get(f.getKey());
          if (s == null) {
            problems.add(t.getKey() + "/" + f.getKey() + " is listed but missing");
            continue;
          }
          String actual = sha256(fs, s.getPath());
          if (!actual.equals(f.getValue())) {
            problems.add(
                t.getKey()
                    + "/"
                    + f.getKey()
                    + " has SHA-256 "
                    + actual
                    + ", the manifest says "
                    + f.getValue()
                    + " (truncated or changed in transit?)");
          }
        }
        for (String n : present.keySet()) {
          if (!listed.containsKey(n)) {
            problems.add(t.getKey() + "/" + n + " is not in the manifest");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read batch " + batch.id() + ": " + e, e);
    }
    if (!problems.isEmpty()) {
      throw new JobFailedException(
          "batch "
              + batch.id()
              + " ("
              + batch.uri()
              + ") does not match its "
              + MANIFEST
              + ": "
              + String.join("; ", problems)
              + ". Nothing was ingested. Fix: deliver the batch again, complete, with its"
              + " manifest written last.");
    }
  }

  /**
   * Writes {@value #MANIFEST} for an export just written under {@code output}: each table's record
   * count and every data file's SHA-256.
   */
  public static void writeManifest(
      SparkSession spark, String output, Instant asOf, Map<String, Long> rows) {
    try {
      Path root = new Path(output);
      FileSystem fs = root.getFileSystem(spark.sessionState().newHadoopConf());
      Map<String, Object> tables = new LinkedHashMap<>();
      for (TableSpec spec : RawTables.ALL) {
        if (!rows.containsKey(spec.name())) {
          continue;
        }
        Map<String, String> files = new TreeMap<>();
        for (FileStatus s : fs.listStatus(new Path(root, spec.name()))) {
          String n = s.getPath().getName();
          if (s.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
            files.put(n, sha256(fs, s.getPath()));
          }
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("rows", rows.get(spec.name()));
        t.put("files", files);
        tables.put(spec.name(), t);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      if (asOf != null) {
        m.put("as_of", asOf.toString());
      }
      m.put("tables", tables);
      byte[] bytes =
          JSON.copy()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(m)
              .getBytes(StandardCharsets.UTF_8);
      try (OutputStream out = fs.create(new Path(root, MANIFEST), true)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest of " + output + ": " + e, e);
    }
  }

  /** Rows the manifest of {@code batch} declares per table; empty without a manifest. */
  public static Optional<Map<String, Long>> declaredRows(Batch batch) {
    if (batch.manifest() == null) {
      return Optional.empty();
    }
    Map<String, Long> out = new TreeMap<>();
    batch.manifest().tables().forEach((t, e) -> out.put(t, e.rows()));
    return Optional.of(out);
  }

  private static String sha256(FileSystem fs, Path p) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (FSDataInputStream in = fs.open(p)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String read(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JobFailedException refused(String where, String what) {
    return new JobFailedException(
        where + " " + what + ". Fix: write the manifest as documented (docs/DATA_CONTRACT.md).");
  }
}
