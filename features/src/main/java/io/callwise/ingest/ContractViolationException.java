package io.callwise.ingest;

/**
 * An input cannot be ingested at all (as opposed to individual bad rows, which are quarantined): a
 * required column is missing, a header repeats a column, or an export carries columns the
 * configured policy rejects. The message names the table, the column and the fix.
 */
public class ContractViolationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ContractViolationException(String message) {
    super(message);
  }
}
