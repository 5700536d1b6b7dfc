package io.callwise.labels;

import java.util.List;
import java.util.Optional;

/** The delinquency labels models are trained on, declared once. */
public final class LabelCatalog {

  private LabelCatalog() {}

  public static final LabelSpec EARLY_WARNING =
      new LabelSpec(
          "early_warning",
          "An account that is current today falls 30 or more days behind within 60 days.",
          0,
          0,
          60,
          LabelSpec.Event.REACHES_DPD,
          30);

  public static final LabelSpec NO_SELF_CURE =
      new LabelSpec(
          "no_self_cure",
          "An account 1-89 days past due today does not bring its DPD back to 0 within 30 days on"
              + " its own (or with the contact it gets).",
          1,
          89,
          30,
          LabelSpec.Event.NOT_CURED,
          0);

  public static final List<LabelSpec> ALL = List.of(EARLY_WARNING, NO_SELF_CURE);

  public static Optional<LabelSpec> byName(String name) {
    return ALL.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /** The label named {@code name}; an unknown name is an error naming {@code flag} and the fix. */
  public static LabelSpec require(String flag, String name) {
    return byName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    flag
                        + " '"
                        + name
                        + "' is not a label. Fix: use one of "
                        + String.join(", ", names())));
  }

  public static List<String> names() {
    return ALL.stream().map(LabelSpec::name).toList();
  }
}
