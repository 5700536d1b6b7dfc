package io.callwise.ingest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Counts of one table's batch: rows read, accepted and quarantined, by reason.
 *
 * @param table raw table name
 * @param status what happened to the table: the name of an {@link IngestStatus}
 * @param read rows read from the export
 * @param accepted rows written to bronze
 * @param quarantined rows written to quarantine
 * @param reasons quarantined rows per reason code
 * @param extraColumns undeclared columns the export carried
 * @param protectedColumns the undeclared columns recognised as protected attributes
 */
public record IngestSummary(
    String table,
    String status,
    long read,
    long accepted,
    long quarantined,
    Map<String, Long> reasons,
    List<String> extraColumns,
    List<String> protectedColumns) {

  public IngestSummary {
    reasons = Map.copyOf(new TreeMap<>(reasons));
    extraColumns = List.copyOf(extraColumns);
    protectedColumns = List.copyOf(protectedColumns);
  }

  /** A summary without protected columns. */
  public IngestSummary(
      String table,
      String status,
      long read,
      long accepted,
      long quarantined,
      Map<String, Long> reasons,
      List<String> extraColumns) {
    this(table, status, read, accepted, quarantined, reasons, extraColumns, List.of());
  }

  public double rejectionRate() {
    return read == 0 ? 0.0 : (double) quarantined / read;
  }

  /** True when every row read is either accepted or quarantined. */
  public boolean balanced() {
    return accepted + quarantined == read
        && reasons.values().stream().mapToLong(Long::longValue).sum() == quarantined;
  }

  /** The most frequent reasons, most frequent first, as "CODE (n)". */
  public String worstReasons(int limit) {
    return reasons.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(limit)
        .map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", "));
  }
}
