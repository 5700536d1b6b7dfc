package io.callwise.jobs.quality;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.callwise.contract.RawTables;
import io.callwise.jobs.config.ConfigKeys;
import io.callwise.quality.Threshold;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The thresholds of the night's checks ({@code callwise.quality}). Every measure is "higher is
 * worse": past the warning threshold the night is flagged, past the error one nothing is published.
 *
 * @param rowCountChange relative change of the rows of features and scores against the previous
 *     night (0.2 = 20 %)
 * @param previousNightWithinDays how far back the previous night may lie to be compared with
 * @param unscored share of the night's feature rows with no decision
 * @param orphans rows whose account is unknown to the table they refer to (a count)
 * @param outOfRange feature or score values outside their declared range (a count)
 * @param treatmentShareChange absolute change of each treatment's share of decisions against the
 *     previous night
 * @param nullShareChange absolute change of a feature's missing share against the champion's
 *     training rows
 * @param featurePsi population stability of a feature against the champion's training rows
 * @param scorePsi population stability of a champion's PD
 * @param driftMinRows rows a model must have scored for its drift to fail the night (fewer: at most
 *     a warning)
 * @param freshnessDays days from a bronze table's latest event to the night, by table (tables not
 *     listed are not checked)
 */
public record QualitySettings(
    Threshold rowCountChange,
    int previousNightWithinDays,
    Threshold unscored,
    Threshold orphans,
    Threshold outOfRange,
    Threshold treatmentShareChange,
    Threshold nullShareChange,
    Threshold featurePsi,
    Threshold scorePsi,
    long driftMinRows,
    Map<String, Threshold> freshnessDays) {

  private static final String KEY = ConfigKeys.QUALITY;

  public QualitySettings {
    // sorted: the settings' text is part of the nightly step's fingerprint
    freshnessDays = Collections.unmodifiableMap(new TreeMap<>(freshnessDays));
  }

  /** The settings; a wrong value is an {@link IllegalArgumentException} naming the key. */
  public static QualitySettings of(Config config) {
    Config q = config.getConfig(KEY);
    Map<String, Threshold> freshness = new LinkedHashMap<>();
    Config f = config.getConfig(ConfigKeys.QUALITY_FRESHNESS_DAYS);
    for (String table : f.root().keySet()) {
      if (RawTables.byName(table).isEmpty()) {
        throw new IllegalArgumentException(
            KEY
                + ".freshness-days."
                + table
                + ": no raw table of that name. Fix: use one of "
                + RawTables.ALL.stream().map(t -> t.name()).toList()
                + ".");
      }
      freshness.put(table, pair(f, table, KEY + ".freshness-days." + table));
    }
    int within = q.getInt("previous-night-within-days");
    if (within < 1) {
      throw new IllegalArgumentException(
          KEY + ".previous-night-within-days must be at least 1, not " + within + ".");
    }
    return new QualitySettings(
        threshold(q, "row-count-change"),
        within,
        threshold(q, "unscored-accounts"),
        threshold(q, "orphan-rows"),
        threshold(q, "out-of-range-values"),
        threshold(q, "treatment-share-change"),
        threshold(q, "null-share-change"),
        threshold(q, "feature-psi"),
        threshold(q, "score-psi"),
        q.getLong("drift-min-rows"),
        freshness);
  }

  private static Threshold threshold(Config q, String name) {
    return pair(q, name, KEY + "." + name);
  }

  /** A {@code [warning, error]} pair. */
  private static Threshold pair(Config c, String path, String key) {
    List<Double> v;
    try {
      v = c.getDoubleList(path);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          key + " is [warning, error], two numbers: " + e.getMessage(), e);
    }
    if (v.size() != 2) {
      throw new IllegalArgumentException(key + " is [warning, error], two numbers, not " + v + ".");
    }
    try {
      return new Threshold(v.get(0), v.get(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }
}
