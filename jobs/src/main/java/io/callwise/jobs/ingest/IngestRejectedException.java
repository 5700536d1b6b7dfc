package io.callwise.jobs.ingest;

import io.callwise.ingest.IngestSummary;
import java.util.List;

/**
 * One or more tables quarantined more rows than callwise.ingest.max-rejection-rate allows. Carries
 * every table's summary so the caller can still report them.
 */
public class IngestRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<IngestSummary> summaries;

  public IngestRejectedException(String message, List<IngestSummary> summaries) {
    super(message);
    this.summaries = List.copyOf(summaries);
  }

  public List<IngestSummary> summaries() {
    return summaries;
  }
}
