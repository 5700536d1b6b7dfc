package io.callwise.jobs.models;

import com.typesafe.config.Config;
import io.callwise.models.DelinquencyModel.Family;
import io.callwise.models.ModelSettings;
import io.callwise.models.PromotionGate;
import java.util.List;

/** The {@code callwise.models} configuration as library settings. */
public final class ModelConfig {

  private ModelConfig() {}

  private static final String P = "callwise.models.";

  public static ModelSettings settings(Config c) {
    return new ModelSettings(
        c.getLong(P + "seed"),
        c.getDouble(P + "validation-share"),
        c.getDouble(P + "oot-share"),
        c.getString(P + "class-weight"),
        c.getString(P + "calibration"),
        c.getInt(P + "isotonic-min-events"),
        c.getIntList(P + "gbt.max-iter"),
        c.getIntList(P + "gbt.max-depth"),
        c.getDoubleList(P + "gbt.step-size"),
        c.getDouble(P + "gbt.subsampling-rate"),
        c.getInt(P + "gbt.max-bins"),
        c.getDoubleList(P + "logistic.reg-param"),
        c.getDoubleList(P + "logistic.elastic-net"),
        c.getInt(P + "logistic.max-iter"));
  }

  public static List<Family> families(Config c) {
    return c.getStringList(P + "families").stream().map(Family::of).toList();
  }

  public static PromotionGate.Thresholds thresholds(Config c) {
    return new PromotionGate.Thresholds(
        c.getDouble(P + "promotion.max-auc-drop"),
        c.getDouble(P + "promotion.max-calibration-error"),
        c.getDouble(P + "promotion.max-calibration-ratio-gap"),
        c.getDouble(P + "promotion.max-score-psi"));
  }
}
