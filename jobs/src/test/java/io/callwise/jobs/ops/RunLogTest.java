package io.callwise.jobs.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.jobs.config.CallwiseConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunLogTest {

  @Test
  void configuredSecretsAndUriCredentialsAreMasked() {
    List<String> secrets =
        CallwiseConfig.secretValues(
            CallwiseConfig.resolve(
                null,
                Map.of(
                    "callwise.s3a.access-key", "AKIAEXAMPLEKEY",
                    "callwise.s3a.secret-key", "wJalrXUtnFEMI/K7MDENG"),
                Map.of()));
    assertThat(secrets).containsExactlyInAnyOrder("AKIAEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG");
    String masked =
        RunLog.mask(
            "--conf callwise.s3a.secret-key=wJalrXUtnFEMI/K7MDENG --root"
                + " s3a://AKIAEXAMPLEKEY:other@bucket/lake failed for key AKIAEXAMPLEKEY",
            secrets);
    assertThat(masked)
        .doesNotContain("AKIAEXAMPLEKEY")
        .doesNotContain("wJalrXUtnFEMI")
        .doesNotContain("other@")
        .contains("s3a://****@bucket/lake")
        .contains("secret-key=****");
    assertThat(RunLog.mask("s3a://bucket/lake", secrets)).isEqualTo("s3a://bucket/lake");
    assertThat(RunLog.mask(null, secrets)).isNull();
  }

  @Test
  void theCodeVersionComesFromTheBuild() {
    // the build writes callwise-build.properties into the classes; its version is the project's
    assertThat(RunLog.codeVersion()).startsWith("0.").doesNotContain("unknown");
  }
}
