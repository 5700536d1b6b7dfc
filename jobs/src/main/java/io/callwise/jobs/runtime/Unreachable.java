package io.callwise.jobs.runtime;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises a failure to reach storage (an s3a:// endpoint that refuses, does not answer or does
 * not resolve) in an exception chain, and says it in one line with the fix.
 */
public final class Unreachable {

  private Unreachable() {}

  /** One line naming what could not be reached and why; null when the failure is another one. */
  public static String describe(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    for (Throwable t : chain) {
      String why = null;
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        why = "the connection was refused";
      } else if (t instanceof UnknownHostException) {
        why = "the host name does not resolve";
      } else if (t instanceof SocketTimeoutException
          || t.getClass().getSimpleName().contains("Timeout")) {
        why = "it did not answer in time";
      } else if (t.getClass().getName().startsWith("software.amazon.awssdk")
          && String.valueOf(t.getMessage()).contains("Unable to execute HTTP request")) {
        why = "the request could not be sent";
      }
      if (why != null) {
        String endpoint =
            chain.stream()
                .map(c -> String.valueOf(c.getMessage()))
                .filter(m -> m.contains("s3a://") || m.contains("http"))
                .findFirst()
                .map(m -> m.length() > 200 ? m.substring(0, 200) + "..." : m)
                .orElse(String.valueOf(t.getMessage()));
        return "storage could not be reached: "
            + why
            + " ("
            + endpoint.replace('\n', ' ')
            + "). Fix: check callwise.s3a.endpoint (CALLWISE_S3_ENDPOINT) and that the server"
            + " is up; waits are bounded by callwise.s3a.connect-timeout, read-timeout and"
            + " retries.";
      }
    }
    return null;
  }
}
