package io.callwise.jobs.cli;

import io.callwise.labels.LabelCatalog;
import java.util.Iterator;

/** The label names, for picocli's {@code ${COMPLETION-CANDIDATES}} in help texts. */
final class LabelNames implements Iterable<String> {

  @Override
  public Iterator<String> iterator() {
    return LabelCatalog.names().iterator();
  }
}
