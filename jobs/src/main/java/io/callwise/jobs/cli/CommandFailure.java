package io.callwise.jobs.cli;

import io.callwise.jobs.ops.RunLog;
import java.util.List;

/**
 * A command's failure on its way to the launcher, with the secret values of the command's
 * configuration, so that whatever is printed about it (its message, its stack trace) is masked.
 */
public final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> secrets;

  CommandFailure(RuntimeException cause, List<String> secrets) {
    super(cause.getMessage(), cause);
    this.secrets = List.copyOf(secrets);
  }

  /** {@code text} with the command's secrets (and any credentials in URIs) masked. */
  public String mask(String text) {
    return RunLog.mask(text, secrets);
  }
}
