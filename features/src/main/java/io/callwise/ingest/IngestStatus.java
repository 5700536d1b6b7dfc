package io.callwise.ingest;

/** What happened to one table of a batch; the {@code status} of {@code ingest_runs}. */
public enum IngestStatus {
  /** Validated rows written to bronze, rejected rows to quarantine. */
  INGESTED,
  /** The export held the table's header and no row. */
  EMPTY,
  /** The export had no folder for the table. */
  ABSENT,
  /** More rows failed validation than the rejection rate allows: nothing of it went to bronze. */
  REJECTED,
  /**
   * Absent from a re-run of the batch: the rows of its earlier run stay, and these are their
   * counts.
   */
  KEPT
}
