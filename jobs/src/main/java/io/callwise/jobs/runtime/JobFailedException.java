package io.callwise.jobs.runtime;

/**
 * A job cannot run as asked (missing input, dates beyond the data), with a message saying what, why
 * and how to fix it. The launcher prints the message alone and exits 1.
 */
public final class JobFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobFailedException(String message) {
    super(message);
  }
}
