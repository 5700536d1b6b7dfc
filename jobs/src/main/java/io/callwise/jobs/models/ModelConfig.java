package io.callwise.jobs.models;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import io.callwise.features.FeatureCatalog;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.labels.LabelCatalog;
import io.callwise.models.Calibration;
import io.callwise.models.ClassWeight;
import io.callwise.models.DelinquencyModel.Family;
import io.callwise.models.ModelSettings;
import io.callwise.models.PromotionGate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code callwise.models} configuration as library settings. */
public final class ModelConfig {

  private ModelConfig() {}

  private static final String P = ConfigKeys.MODELS;

  public static ModelSettings settings(Config c) {
    return new ModelSettings(
        c.getLong(P + "seed"),
        c.getDouble(P + "validation-share"),
        c.getDouble(P + "oot-share"),
        ClassWeight.of(c.getString(P + "class-weight")),
        Calibration.of(c.getString(P + "calibration")),
        c.getInt(P + "isotonic-min-events"),
        c.getIntList(P + "gbt.max-iter"),
        c.getIntList(P + "gbt.max-depth"),
        c.getDoubleList(P + "gbt.step-size"),
        c.getDouble(P + "gbt.subsampling-rate"),
        c.getInt(P + "gbt.max-bins"),
        c.getDoubleList(P + "logistic.reg-param"),
        c.getDoubleList(P + "logistic.elastic-net"),
        c.getInt(P + "logistic.max-iter"),
        excludeFeatures(c));
  }

  private static List<String> excludeFeatures(Config c) {
    List<String> entries = c.getStringList(P + "exclude-features");
    try {
      FeatureCatalog.excluded(entries);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          P + "exclude-features: " + e.getMessage() + ". Fix: list feature names or sources.");
    }
    return entries;
  }

  public static List<Family> families(Config c) {
    return c.getStringList(P + "families").stream().map(Family::of).toList();
  }

  public static PromotionGate.Thresholds thresholds(Config c) {
    PromotionGate.Floor floor =
        floor(c.getConfig(P + "promotion"), P + "promotion", new PromotionGate.Floor(0, -1));
    Map<String, PromotionGate.Floor> byLabel = new TreeMap<>();
    Config labels = c.getConfig(P + "promotion.labels");
    for (String label : labels.root().keySet()) {
      if (LabelCatalog.byName(label).isEmpty()) {
        throw new IllegalArgumentException(
            P + "promotion.labels." + label + ": not a label; use one of " + LabelCatalog.names());
      }
      byLabel.put(
          label,
          floor(
              labels.getConfig(ConfigUtil.quoteString(label)),
              P + "promotion.labels." + label,
              floor));
    }
    return new PromotionGate.Thresholds(
        c.getDouble(P + "promotion.max-auc-drop"),
        c.getDouble(P + "promotion.max-calibration-error"),
        c.getDouble(P + "promotion.max-calibration-ratio-gap"),
        c.getDouble(P + "promotion.max-score-psi"),
        floor,
        byLabel);
  }

  private static PromotionGate.Floor floor(Config c, String path, PromotionGate.Floor fallback) {
    double auc = c.hasPath("min-auc") ? c.getDouble("min-auc") : fallback.minAuc();
    double gini = c.hasPath("min-gini") ? c.getDouble("min-gini") : fallback.minGini();
    if (auc < 0 || auc > 1) {
      throw new IllegalArgumentException(path + ".min-auc: " + auc + " is not between 0 and 1");
    }
    if (gini < -1 || gini > 1) {
      throw new IllegalArgumentException(path + ".min-gini: " + gini + " is not between -1 and 1");
    }
    for (String key : c.root().keySet()) {
      if (path.contains(".labels.") && !key.equals("min-auc") && !key.equals("min-gini")) {
        throw new IllegalArgumentException(
            path + "." + key + ": unknown key; a label's floor has min-auc and min-gini");
      }
    }
    return new PromotionGate.Floor(auc, gini);
  }
}
