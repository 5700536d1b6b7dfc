package io.callwise.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resolves callwise's configuration. The precedence, lowest first, lives here and only here:
 *
 * <ol>
 *   <li>the defaults, {@code conf/callwise.conf}, bundled in the jar as {@code callwise.conf};
 *   <li>a HOCON file given with {@code --config};
 *   <li>{@code --conf key=value} pairs;
 *   <li>a command's dedicated flags ({@code --root}, {@code --accounts}, ...).
 * </ol>
 *
 * Keys not present in the defaults are rejected, so a typo cannot silently do nothing.
 */
public final class CallwiseConfig {

  private CallwiseConfig() {}

  /** Thrown for a configuration a user got wrong; the message says what and how to fix it. */
  public static final class ConfigError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigError(String message) {
      super(message);
    }
  }

  public static Config defaults() {
    return ConfigFactory.parseResources(
            CallwiseConfig.class.getClassLoader(),
            "callwise.conf",
            ConfigParseOptions.defaults().setAllowMissing(false))
        // ${?ENV_VAR} fallbacks resolve here; later layers override them.
        .resolve();
  }

  /**
   * @param file a HOCON file, or null
   * @param overrides {@code --conf} pairs, keys like {@code callwise.ingest.max-rejection-rate}
   * @param flags values of dedicated flags, same key space, highest precedence
   */
  public static Config resolve(
      Path file, Map<String, String> overrides, Map<String, Object> flags) {
    Config defaults = defaults();
    Config fromFile = ConfigFactory.empty();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigError(
            "--config " + file + ": no such file. Fix: give the path of a HOCON file.");
      }
      try {
        fromFile = ConfigFactory.parseFile(file.toFile());
      } catch (ConfigException e) {
        throw new ConfigError("--config " + file + ": not valid HOCON: " + e.getMessage());
      }
      checkKnown(defaults, fromFile, "--config " + file);
    }
    Config fromConf = ConfigFactory.empty();
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      fromConf = fromConf.withValue(path(e.getKey()), value(e.getKey(), e.getValue()));
    }
    checkKnown(defaults, fromConf, "--conf");
    Config fromFlags = ConfigFactory.empty();
    for (Map.Entry<String, Object> e : flags.entrySet()) {
      if (e.getValue() != null) {
        fromFlags = fromFlags.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
      }
    }
    try {
      return fromFlags
          .withFallback(fromConf)
          .withFallback(fromFile)
          .withFallback(defaults)
          .resolve()
          .withOnlyPath("callwise");
    } catch (ConfigException e) {
      throw new ConfigError("configuration does not resolve: " + e.getMessage());
    }
  }

  /** A {@code --conf} value: a HOCON list when written as one ({@code [3, 5]}), else a string. */
  static ConfigValue value(String key, String text) {
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      try {
        return ConfigFactory.parseString("v = " + t).getValue("v");
      } catch (ConfigException e) {
        throw new ConfigError(
            "--conf " + key + "=" + text + " is not a list. Fix: write it like [3, 5]");
      }
    }
    return ConfigValueFactory.fromAnyRef(text);
  }

  /** A key as a HOCON path; a Spark setting under callwise.spark.conf keeps its dots. */
  private static String path(String key) {
    String prefix = ConfigKeys.SPARK_CONF + ".";
    if (key.startsWith(prefix) && key.length() > prefix.length()) {
      return ConfigKeys.SPARK_CONF + "." + ConfigUtil.quoteString(key.substring(prefix.length()));
    }
    try {
      ConfigUtil.splitPath(key);
    } catch (ConfigException e) {
      throw new ConfigError(
          "--conf "
              + key
              + ": not a valid key. Fix: write key=value, e.g. callwise.storage.root=/data/lake");
    }
    return key;
  }

  /**
   * Sections whose keys are the user's own (Spark settings, currency codes, region codes, pool
   * names, labels with their own promotion floor, bronze tables with their own freshness).
   */
  private static final List<String> OPEN_MAPS =
      List.of(
          ConfigKeys.SPARK_CONF + ".",
          ConfigKeys.INGEST_MONEY_CAPS + ".",
          ConfigKeys.POLICY_REGIONS + ".",
          ConfigKeys.POLICY_CAPACITY_POOLS + ".",
          ConfigKeys.MODELS_PROMOTION_LABELS + ".",
          ConfigKeys.QUALITY_FRESHNESS_DAYS + ".");

  private static void checkKnown(Config defaults, Config given, String source) {
    for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
      String key = e.getKey();
      boolean openMap = OPEN_MAPS.stream().anyMatch(key::startsWith);
      if (!openMap && !defaults.hasPath(key)) {
        throw new ConfigError(
            source
                + ": unknown key '"
                + key
                + "'. Fix: use one of the keys in conf/callwise.conf, e.g. "
                + nearest(defaults, key)
                + ".");
      }
    }
  }

  private static String nearest(Config defaults, String key) {
    String section = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : key;
    while (!section.isEmpty() && !defaults.hasPath(section)) {
      section = section.contains(".") ? section.substring(0, section.lastIndexOf('.')) : "";
    }
    Config scope = section.isEmpty() ? defaults : defaults.getConfig(section);
    String prefix = section.isEmpty() ? "" : section + ".";
    return scope.entrySet().stream()
        .map(e -> prefix + e.getKey())
        .sorted()
        .limit(8)
        .reduce((a, b) -> a + ", " + b)
        .orElse(ConfigKeys.STORAGE_ROOT);
  }

  /** Whether a key holds a credential: its value is never printed, logged or stored. */
  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("secret")
        || lower.contains("password")
        || lower.endsWith("access-key")
        || lower.endsWith("access.key")
        || lower.contains("token");
  }

  /** The non-empty values of the secret keys, to be masked wherever they would appear. */
  public static List<String> secretValues(Config config) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      Object v = e.getValue().unwrapped();
      if (isSecret(e.getKey()) && v != null && !String.valueOf(v).isBlank()) {
        out.add(String.valueOf(v));
      }
    }
    return out;
  }

  /** The resolved configuration, one key per line, secrets masked. */
  public static String describe(Config config) {
    Map<String, String> lines = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
      String key = e.getKey();
      String value = e.getValue().render(ConfigRenderOptions.concise());
      if (isSecret(key) && !value.equals("\"\"")) {
        value = "\"****\"";
      }
      lines.put(key, value);
    }
    StringBuilder out = new StringBuilder();
    lines.forEach((k, v) -> out.append("  ").append(k).append(" = ").append(v).append('\n'));
    return out.toString();
  }
}
