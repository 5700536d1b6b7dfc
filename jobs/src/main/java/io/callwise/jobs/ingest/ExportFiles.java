package io.callwise.jobs.ingest;

import io.callwise.contract.TableSpec;
import io.callwise.ingest.ContractViolationException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The files of one table's export, checked before anything is read in bulk or written: every file
 * must be readable as the format says and all files of a table must agree, so that a batch never
 * fails half-way through its writes because its second file differs from its first.
 *
 * <p>CSV: each file is non-empty, is text (a gzip file must be named {@code .gz}; UTF-16 is
 * refused), its header line is valid UTF-8 (a byte-order mark is allowed), names each column once,
 * and equals the first file's header (same names, same order). Parquet: every file has the same
 * column names and types. Files and folders whose names start with {@code _} or {@code .} are
 * skipped, as Spark skips them (the {@code .crc} checksums of a Hadoop write among them); a
 * sub-folder is refused, since its files would not be read.
 */
final class ExportFiles {

  private static final int MAX_HEADER_BYTES = 1 << 20;

  /** The files of a table in name order, and the header they share (CSV) or their schema. */
  record Listing(List<String> files, List<String> header, StructType schema) {}

  private ExportFiles() {}

  /** Lists and checks the CSV files under {@code folder}; an empty list when there are none. */
  static Listing csv(SparkSession spark, TableSpec spec, String folder) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    List<FileStatus> files = list(conf, spec, folder);
    List<String> header = null;
    String headerFile = null;
    for (FileStatus f : files) {
      List<String> h = header(spec, f, codecs, conf);
      if (header == null) {
        header = h;
        headerFile = f.getPath().getName();
      } else {
        requireSameHeader(spec, headerFile, header, f.getPath().getName(), h);
      }
    }
    return new Listing(
        files.stream().map(f -> f.getPath().toString()).toList(),
        header == null ? List.of() : header,
        null);
  }

  /** Lists the Parquet files under {@code folder} and checks that their schemas agree. */
  static Listing parquet(SparkSession spark, TableSpec spec, String folder) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<FileStatus> files = list(conf, spec, folder);
    StructType first = null;
    String firstFile = null;
    for (FileStatus f : files) {
      String name = f.getPath().getName();
      if (f.getLen() == 0) {
        throw new ContractViolationException(
            String.format(
                "%s: file %s is empty (0 bytes), not a Parquet file. Fix: re-export it, or remove"
                    + " it from the delivery.",
                spec.name(), f.getPath()));
      }
      StructType schema;
      try {
        schema = spark.read().parquet(f.getPath().toString()).schema();
      } catch (RuntimeException e) {
        throw new ContractViolationException(
            String.format(
                "%s: file %s cannot be read as Parquet (%s). Fix: re-export it as Parquet, or"
                    + " ingest the delivery with the format it has (--format csv).",
                spec.name(), f.getPath(), firstLine(e)));
      }
      if (first == null) {
        first = schema;
        firstFile = name;
        continue;
      }
      Map<String, StructField> reference = byLowerName(first);
      Map<String, StructField> other = byLowerName(schema);
      for (Map.Entry<String, StructField> e : reference.entrySet()) {
        StructField mine = other.get(e.getKey());
        if (mine == null) {
          throw disagree(spec, firstFile, name, "has no column '" + e.getValue().name() + "'");
        }
        if (!mine.dataType().equals(e.getValue().dataType())) {
          throw disagree(
              spec,
              firstFile,
              name,
              String.format(
                  "stores column '%s' as %s where %s stores it as %s",
                  mine.name(),
                  mine.dataType().simpleString(),
                  firstFile,
                  e.getValue().dataType().simpleString()));
        }
      }
      for (StructField f2 : schema.fields()) {
        if (!reference.containsKey(f2.name().toLowerCase(Locale.ROOT))) {
          throw disagree(spec, firstFile, name, "has a column '" + f2.name() + "' the first lacks");
        }
      }
    }
    return new Listing(files.stream().map(f -> f.getPath().toString()).toList(), null, first);
  }

  private static ContractViolationException disagree(
      TableSpec spec, String reference, String file, String what) {
    return new ContractViolationException(
        String.format(
            "%s: the files of the export disagree: %s %s (compared with %s). Fix: export every file"
                + " of a table with the same columns and types, or deliver the differing file in a"
                + " batch of its own.",
            spec.name(), file, what, reference));
  }

  private static Map<String, StructField> byLowerName(StructType schema) {
    Map<String, StructField> out = new LinkedHashMap<>();
    for (StructField f : schema.fields()) {
      out.put(f.name().toLowerCase(Locale.ROOT), f);
    }
    return out;
  }

  private static List<FileStatus> list(Configuration conf, TableSpec spec, String folder) {
    try {
      Path path = new Path(folder);
      FileSystem fs = path.getFileSystem(conf);
      List<FileStatus> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(path)) {
        String name = s.getPath().getName();
        if (name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        if (s.isDirectory()) {
          throw new ContractViolationException(
              String.format(
                  "%s: %s is a sub-folder; callwise reads only the files directly in %s. Fix: move"
                      + " its files up into the table's folder.",
                  spec.name(), s.getPath(), folder));
        }
        out.add(s);
      }
      out.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  private static List<String> header(
      TableSpec spec, FileStatus file, CompressionCodecFactory codecs, Configuration conf) {
    String where = spec.name() + ": file " + file.getPath();
    if (file.getLen() == 0) {
      throw new ContractViolationException(
          where
              + " is empty (0 bytes); a CSV export starts with its header line even when it has"
              + " no rows. Fix: re-export it, or remove it from the delivery.");
    }
    byte[] line;
    CompressionCodec codec = codecs.getCodec(file.getPath());
    try (InputStream raw = file.getPath().getFileSystem(conf).open(file.getPath());
        InputStream in =
            new BufferedInputStream(codec == null ? raw : codec.createInputStream(raw), 8192)) {
      line = firstLine(in);
    } catch (ChecksumException e) {
      throw new ContractViolationException(
          where
              + " does not match its Hadoop checksum (the .crc file beside it): it was changed"
              + " after the checksum was written, or is damaged. Fix: re-deliver the file, or"
              + " delete its stale .crc file if the edit was intended.");
    } catch (IOException e) {
      throw new ContractViolationException(
          where + " cannot be read (" + e.getMessage() + "). Fix: re-deliver the file.");
    }
    return parseHeader(where, line, codec != null);
  }

  private static byte[] firstLine(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n' && out.size() < MAX_HEADER_BYTES) {
      out.write(b);
    }
    return out.toByteArray();
  }

  /**
   * The column names of a CSV header line.
   *
   * @param where names the table and file in messages
   * @param decompressed whether the bytes came through a compression codec
   */
  static List<String> parseHeader(String where, byte[] line, boolean decompressed) {
    if (line.length >= 2 && (line[0] & 0xff) == 0x1f && (line[1] & 0xff) == 0x8b) {
      throw new ContractViolationException(
          where
              + (decompressed
                  ? " is compressed twice (gzip inside gzip)."
                  : " is gzip-compressed but its name does not end in .gz.")
              + " Fix: name a gzip file *.csv.gz (callwise reads it decompressed), or deliver it"
              + " uncompressed.");
    }
    if (line.length >= 2
        && (((line[0] & 0xff) == 0xff && (line[1] & 0xff) == 0xfe)
            || ((line[0] & 0xff) == 0xfe && (line[1] & 0xff) == 0xff))) {
      throw new ContractViolationException(
          where + " is UTF-16 text. Fix: export it as UTF-8 (callwise reads UTF-8 only).");
    }
    int start = 0;
    if (line.length >= 3
        && (line[0] & 0xff) == 0xef
        && (line[1] & 0xff) == 0xbb
        && (line[2] & 0xff) == 0xbf) {
      start = 3;
    }
    int end = line.length;
    if (end > start && line[end - 1] == '\r') {
      end--;
    }
    for (int i = start; i < end; i++) {
      int b = line[i] & 0xff;
      if (b == 0 || (b < 0x20 && b != '\t')) {
        throw new ContractViolationException(
            where
                + " does not start with a text header line (byte 0x"
                + Integer.toHexString(b)
                + " at position "
                + i
                + "): it is binary, compressed or UTF-16. Fix: deliver UTF-8 CSV with a header"
                + " line; name compressed files *.gz.");
      }
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Arrays.copyOfRange(line, start, end)))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ContractViolationException(
          where + "'s header line is not valid UTF-8. Fix: export the file as UTF-8.");
    }
    List<String> names = splitHeader(text);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.isBlank()) {
        throw new ContractViolationException(
            String.format(
                "%s: column %d of the header has no name (header: %s). Fix: name every column.",
                where, i + 1, text));
      }
      Integer before = seen.put(name.toLowerCase(Locale.ROOT), i + 1);
      if (before != null) {
        throw new ContractViolationException(
            String.format(
                "%s: column '%s' appears twice in the header (columns %d and %d). Fix: export each"
                    + " column once.",
                where, name, before, i + 1));
      }
    }
    return names;
  }

  /** Splits a header line at commas outside double quotes; quotes around a name are removed. */
  static List<String> splitHeader(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          current.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString());
    return out;
  }

  private static void requireSameHeader(
      TableSpec spec, String firstFile, List<String> first, String file, List<String> header) {
    if (first.equals(header)) {
      return;
    }
    for (String name : first) {
      if (header.stream().noneMatch(h -> h.equalsIgnoreCase(name))) {
        throw disagree(spec, firstFile, file, "has no column '" + name + "'");
      }
    }
    for (String name : header) {
      if (first.stream().noneMatch(h -> h.equalsIgnoreCase(name))) {
        throw disagree(spec, firstFile, file, "has a column '" + name + "' the first lacks");
      }
    }
    for (int i = 0; i < first.size(); i++) {
      if (!first.get(i).equals(header.get(i))) {
        throw disagree(
            spec,
            firstFile,
            file,
            String.format(
                "has its columns in another order (column %d is '%s', not '%s')",
                i + 1, header.get(i), first.get(i)));
      }
    }
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
