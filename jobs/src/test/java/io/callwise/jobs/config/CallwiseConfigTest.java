package io.callwise.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.callwise.ingest.MoneyCaps;
import io.callwise.jobs.ingest.IngestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallwiseConfigTest {

  @Test
  void defaultsThenFileThenConfThenFlags(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("site.conf");
    Files.writeString(
        file,
        "callwise.ingest.max-rejection-rate = 0.2\ncallwise.generate.months = 24\ncallwise.generate.seed = 5\n");
    Config config =
        CallwiseConfig.resolve(
            file,
            Map.of("callwise.generate.months", "6", "callwise.generate.seed", "9"),
            Map.of("callwise.generate.seed", 13L));
    assertThat(config.getString("callwise.storage.root")).isEqualTo("lake");
    assertThat(config.getDouble("callwise.ingest.max-rejection-rate")).isEqualTo(0.2);
    assertThat(config.getInt("callwise.generate.months")).isEqualTo(6);
    assertThat(config.getLong("callwise.generate.seed")).isEqualTo(13L);
  }

  @Test
  void listsCanBeGivenOnTheCommandLine() {
    Config config =
        CallwiseConfig.resolve(null, Map.of("callwise.models.gbt.max-depth", "[2, 4]"), Map.of());
    assertThat(config.getIntList("callwise.models.gbt.max-depth")).containsExactly(2, 4);
    assertThatThrownBy(
            () ->
                CallwiseConfig.resolve(
                    null, Map.of("callwise.models.gbt.max-depth", "[2, {]"), Map.of()))
        .hasMessageContaining("Fix: write it like [3, 5]");
  }

  @Test
  void moneyCapsTakeAnyCurrencyAndRefuseANonAmount() {
    Config config =
        CallwiseConfig.resolve(
            null, Map.of("callwise.ingest.money-caps.MNT", "3500000000"), Map.of());
    MoneyCaps caps = IngestOptions.moneyCaps(config.getConfig(ConfigKeys.INGEST_MONEY_CAPS));
    assertThat(caps.of("MNT")).isEqualByComparingTo("3500000000");
    assertThat(caps.of("IDR")).isEqualByComparingTo("17000000000");
    assertThat(caps.of("USD")).isEqualByComparingTo("1000000.00");
    Config bad =
        CallwiseConfig.resolve(null, Map.of("callwise.ingest.money-caps.KRW", "lots"), Map.of());
    assertThatThrownBy(() -> IngestOptions.moneyCaps(bad.getConfig(ConfigKeys.INGEST_MONEY_CAPS)))
        .hasMessageContaining("callwise.ingest.money-caps.KRW")
        .hasMessageContaining("'lots' is not an amount");
    Config lower =
        CallwiseConfig.resolve(null, Map.of("callwise.ingest.money-caps.idr", "1"), Map.of());
    assertThatThrownBy(() -> IngestOptions.moneyCaps(lower.getConfig(ConfigKeys.INGEST_MONEY_CAPS)))
        .hasMessageContaining("'idr' is not an ISO 4217 code");
  }

  @Test
  void sparkSettingsKeepTheirDots() {
    Config config =
        CallwiseConfig.resolve(
            null, Map.of("callwise.spark.conf.spark.sql.shuffle.partitions", "3"), Map.of());
    assertThat(
            config
                .getConfig("callwise.spark.conf")
                .root()
                .get("spark.sql.shuffle.partitions")
                .unwrapped())
        .isEqualTo("3");
  }

  @Test
  void unknownKeysAreRejectedWithTheNearbyKeys(@TempDir Path dir) throws Exception {
    assertThatThrownBy(
            () ->
                CallwiseConfig.resolve(
                    null, Map.of("callwise.ingest.max-reject-rate", "0.1"), Map.of()))
        .isInstanceOf(CallwiseConfig.ConfigError.class)
        .hasMessageContaining("callwise.ingest.max-reject-rate")
        .hasMessageContaining("callwise.ingest.max-rejection-rate");
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "callwise.storage.rot = x\n");
    assertThatThrownBy(() -> CallwiseConfig.resolve(file, Map.of(), Map.of()))
        .isInstanceOf(CallwiseConfig.ConfigError.class)
        .hasMessageContaining("callwise.storage.rot");
    assertThatThrownBy(
            () -> CallwiseConfig.resolve(dir.resolve("missing.conf"), Map.of(), Map.of()))
        .hasMessageContaining("no such file");
  }

  @Test
  void secretsAreMaskedInTheLog() {
    Config config =
        CallwiseConfig.resolve(
            null,
            Map.of("callwise.s3a.secret-key", "hunter2", "callwise.s3a.access-key", "AKIA123"),
            Map.of());
    String text = CallwiseConfig.describe(config);
    assertThat(text)
        .doesNotContain("hunter2")
        .doesNotContain("AKIA123")
        .contains("callwise.s3a.secret-key = \"****\"");
    assertThat(text).contains("callwise.storage.root = \"lake\"");
  }

  @Test
  void theShippedProtectedTermsAreTheLibrarysDefaults() {
    assertThat(CallwiseConfig.defaults().getStringList("callwise.ingest.protected-columns"))
        .isEqualTo(io.callwise.ingest.ProtectedColumns.DEFAULT_TERMS);
  }

  @Test
  void promotionFloorsPerLabel() {
    var t =
        io.callwise.jobs.models.ModelConfig.thresholds(
            CallwiseConfig.resolve(
                null,
                java.util.Map.of("callwise.models.promotion.labels.no_self_cure.min-auc", "0.72"),
                java.util.Map.of()));
    assertThat(t.floorFor("early_warning").minAuc()).isEqualTo(0.65);
    assertThat(t.floorFor("no_self_cure").minAuc()).isEqualTo(0.72);
    assertThat(t.floorFor("no_self_cure").minGini()).isEqualTo(0.30);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                io.callwise.jobs.models.ModelConfig.thresholds(
                    CallwiseConfig.resolve(
                        null,
                        java.util.Map.of("callwise.models.promotion.labels.churn.min-auc", "0.7"),
                        java.util.Map.of())))
        .hasMessageContaining("promotion.labels.churn")
        .hasMessageContaining("early_warning");
  }

  /** The example settings the README points to are valid: every key known, every value typed. */
  @Test
  void theExampleProductionFileResolves() throws Exception {
    Path example = Path.of("..", "conf", "examples", "production.conf");
    assertThat(example).exists();
    Config config = CallwiseConfig.resolve(example, Map.of(), Map.of());
    assertThat(config.getString(ConfigKeys.STORAGE_ROOT)).startsWith("s3a://");
    assertThat(config.getString(ConfigKeys.INGEST_LANDING)).startsWith("s3a://");
    // no key in the file: they come from the environment or the provider chain
    assertThat(Files.readString(example)).doesNotContainPattern("(?m)^\\s*(access|secret)-key");
  }
}
