package io.callwise.models;

/** Names of the metrics a model version is registered with (the registry's metrics map). */
public final class Metrics {

  private Metrics() {}

  public static final String TRAIN_AUC = "train_auc";
  public static final String VALIDATION_AUC = "validation_auc";
  public static final String OOT_ROWS = "oot_rows";
  public static final String OOT_EVENT_RATE = "oot_event_rate";
  public static final String OOT_AUC = "oot_auc";
  public static final String OOT_GINI = "oot_gini";
  public static final String OOT_KS = "oot_ks";
  public static final String OOT_BRIER = "oot_brier";
  public static final String OOT_LOG_LOSS = "oot_log_loss";
  public static final String OOT_ECE = "oot_calibration_error";
  public static final String OOT_MEAN_PD = "oot_mean_pd";
  public static final String OOT_CALIBRATION_RATIO = "oot_calibration_ratio";
  public static final String OOT_AUC_RAW = "oot_auc_raw";
  public static final String OOT_BRIER_RAW = "oot_brier_raw";
  public static final String OOT_LOG_LOSS_RAW = "oot_log_loss_raw";
  public static final String OOT_ECE_RAW = "oot_calibration_error_raw";
  public static final String SCORE_PSI = "score_psi";
  public static final String TRUTH_AUC = "truth_auc";
  public static final String AUC_TRUTH_RATIO = "auc_truth_ratio";
  public static final String CHAMPION_OOT_AUC = "champion_oot_auc";

  // Treatment-effect models, per contrast (call_vs_message, message_vs_none) and arm.

  /** Out-of-time Qini coefficient of a contrast, e.g. {@code oot_qini_call_vs_message}. */
  public static String qini(String contrast) {
    return "oot_qini_" + contrast;
  }

  public static String qiniLow(String contrast) {
    return qini(contrast) + "_low";
  }

  public static String qiniHigh(String contrast) {
    return qini(contrast) + "_high";
  }

  public static String auuc(String contrast) {
    return "oot_auuc_" + contrast;
  }

  public static String auucRandom(String contrast) {
    return "oot_auuc_random_" + contrast;
  }

  /** Out-of-time rows of a contrast left out of its weighting (propensity near 0 or 1). */
  public static String trimmed(String contrast) {
    return "oot_trimmed_" + contrast;
  }

  /** Validation AUC of the propensity a contrast's metrics were weighted by. */
  public static String propensityAuc(String contrast) {
    return "propensity_auc_" + contrast;
  }

  /** Mean predicted ÷ observed rate of an arm on the rows that received it. */
  public static String armCalibrationRatio(String arm) {
    return "oot_calibration_ratio_" + arm.toLowerCase(java.util.Locale.ROOT);
  }

  public static String armRows(String arm) {
    return "oot_rows_" + arm.toLowerCase(java.util.Locale.ROOT);
  }

  /** The contrast the uplift gate and reports lead with. */
  public static final String CALL_VS_MESSAGE = "call_vs_message";
}
