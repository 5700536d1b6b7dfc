package io.callwise.notebooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A small table shown in a notebook as HTML ({@code display("text/html", table.html())}): the first
 * rows of an aggregated Dataset (never more than {@code maxRows} reach the driver), numbers
 * right-aligned and rounded for reading.
 */
public record HtmlTable(String caption, List<String> columns, List<List<Object>> rows, long more) {

  /** The first {@code maxRows} rows of {@code data}, and how many were left out. */
  public static HtmlTable of(String caption, Dataset<Row> data, int maxRows) {
    List<Row> head = data.limit(maxRows + 1).collectAsList();
    List<List<Object>> rows = new ArrayList<>();
    for (Row r : head.subList(0, Math.min(maxRows, head.size()))) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        values.add(r.get(i));
      }
      rows.add(values);
    }
    long more = head.size() > maxRows ? data.count() - maxRows : 0;
    return new HtmlTable(caption, List.of(data.columns()), rows, more);
  }

  /** Rows already on the driver (a few aggregates). */
  public static HtmlTable of(String caption, List<String> columns, List<List<Object>> rows) {
    return new HtmlTable(caption, columns, rows, 0);
  }

  public String html() {
    StringBuilder b = new StringBuilder("<table style='border-collapse:collapse;font-size:12px'>");
    if (caption != null && !caption.isEmpty()) {
      b.append("<caption style='text-align:left;font-weight:bold;padding:4px 0'>")
          .append(escape(caption))
          .append("</caption>");
    }
    b.append("<tr>");
    for (String c : columns) {
      b.append("<th style='border:1px solid #ccc;padding:2px 6px;background:#f3f3f3'>")
          .append(escape(c))
          .append("</th>");
    }
    b.append("</tr>");
    for (List<Object> r : rows) {
      b.append("<tr>");
      for (Object v : r) {
        boolean number = v instanceof Number;
        b.append("<td style='border:1px solid #ccc;padding:2px 6px;text-align:")
            .append(number ? "right" : "left")
            .append("'>")
            .append(escape(format(v)))
            .append("</td>");
      }
      b.append("</tr>");
    }
    b.append("</table>");
    if (more > 0) {
      b.append("<p style='font-size:11px;color:#666'>… and ")
          .append(String.format(Locale.ROOT, "%,d", more))
          .append(" more rows</p>");
    }
    if (rows.isEmpty()) {
      b.append("<p style='font-size:11px;color:#666'>(no rows)</p>");
    }
    return b.toString();
  }

  /** The same table as plain text, for logs and tests. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(caption == null ? "" : caption + "\n");
    b.append(String.join(" | ", columns)).append('\n');
    for (List<Object> r : rows) {
      b.append(String.join(" | ", r.stream().map(HtmlTable::format).toList())).append('\n');
    }
    return b.toString();
  }

  static String format(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return "NaN";
      }
      double a = Math.abs(d);
      if (a != 0 && (a < 0.001 || a >= 1e7)) {
        return String.format(Locale.ROOT, "%.3e", d);
      }
      return String.format(Locale.ROOT, a >= 100 ? "%,.1f" : "%.4f", d);
    }
    if (v instanceof Float f) {
      return format(f.doubleValue());
    }
    if (v instanceof Long || v instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return String.join(
          ", ",
          scala.jdk.javaapi.CollectionConverters.asJava(seq).stream()
              .map(HtmlTable::format)
              .toList());
    }
    if (v instanceof Row r) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        parts.add(format(r.get(i)));
      }
      return String.join("=", parts);
    }
    return String.valueOf(v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}
