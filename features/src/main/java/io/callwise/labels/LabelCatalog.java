package io.callwise.labels;

import java.util.List;
import java.util.Optional;

/** The delinquency labels models are trained on, and the outcomes of a contact, declared once. */
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

  // Outcomes of a night's contact, for accounts open and past due at D (TreatmentOutcomes).

  public static final OutcomeSpec PAID_OVERDUE_7D =
      new OutcomeSpec(
          "paid_overdue_7d",
          "Payments in D+1..D+7, less reversals, reach the amount overdue at D.",
          7,
          true);

  public static final OutcomeSpec PAID_OVERDUE_14D =
      new OutcomeSpec(
          "paid_overdue_14d",
          "Payments in D+1..D+14, less reversals, reach the amount overdue at D.",
          14,
          true);

  public static final OutcomeSpec CURED_30D =
      new OutcomeSpec("cured_30d", "DPD comes back to 0 on some day in D+1..D+30.", 30, true);

  public static final OutcomeSpec RECOVERED_30D =
      new OutcomeSpec(
          "recovered_30d", "Money received in D+1..D+30, less reversals in it.", 30, false);

  public static final List<OutcomeSpec> OUTCOMES =
      List.of(PAID_OVERDUE_7D, PAID_OVERDUE_14D, CURED_30D, RECOVERED_30D);

  /** The 0/1 outcome named {@code name}; an unknown name is an error naming {@code where}. */
  public static OutcomeSpec requireBinaryOutcome(String where, String name) {
    return OUTCOMES.stream()
        .filter(o -> o.binary() && o.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    where
                        + " '"
                        + name
                        + "' is not a 0/1 treatment outcome. Fix: use one of "
                        + String.join(
                            ", ",
                            OUTCOMES.stream()
                                .filter(OutcomeSpec::binary)
                                .map(OutcomeSpec::name)
                                .toList())));
  }

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
