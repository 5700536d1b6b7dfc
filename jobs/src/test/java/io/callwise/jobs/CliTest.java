package io.callwise.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Exit codes and messages of mistakes caught before Spark starts. */
class CliTest {

  record Outcome(int code, String err) {}

  static Outcome run(String... args) {
    StringWriter err = new StringWriter();
    int code = Callwise.execute(new PrintWriter(err, true), args);
    return new Outcome(code, err.toString());
  }

  @Test
  void noCommandIsAUsageError() {
    Outcome o = run();
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("generate").contains("ingest").contains("demo");
  }

  @Test
  void helpSucceeds() {
    assertThat(run("ingest", "--help").code()).isZero();
    assertThat(run("--version").code()).isZero();
  }

  @Test
  void missingRequiredFlagIsAUsageError() {
    Outcome o = run("ingest", "--batch-id", "b1");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("--input");
  }

  @Test
  void badValuesAreRejectedNamingTheFlag() {
    Outcome months = run("generate", "--months", "0");
    assertThat(months.code()).isEqualTo(2);
    assertThat(months.err()).contains("months must be between 1 and 36");

    Outcome format = run("ingest", "--input", "x", "--batch-id", "b1", "--format", "xlsx");
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("--format").contains("csv, parquet, delta");

    Outcome table = run("ingest", "--input", "x", "--batch-id", "b1", "--tables", "accounts,loans");
    assertThat(table.code()).isEqualTo(2);
    assertThat(table.err()).contains("'loans' is not a raw table");

    Outcome batch = run("ingest", "--input", "x", "--batch-id", "../etc");
    assertThat(batch.code()).isEqualTo(2);
    assertThat(batch.err()).contains("batch id '../etc'");

    Outcome asOf = run("ingest", "--input", "x", "--batch-id", "b1", "--as-of", "yesterday");
    assertThat(asOf.code()).isEqualTo(2);
    assertThat(asOf.err()).contains("--as-of");

    Outcome key = run("ingest", "--input", "x", "--batch-id", "b1", "--conf", "callwise.nope=1");
    assertThat(key.code()).isEqualTo(2);
    assertThat(key.err()).contains("unknown key 'callwise.nope'");

    Outcome both = run("features", "--date", "2025-06-30", "--from", "2025-01-31");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("--date cannot be combined with --from/--to/--every");

    Outcome none = run("features");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("no as-of date");

    Outcome step = run("features", "--from", "2025-01-31", "--to", "2025-06-30", "--every", "5x");
    assertThat(step.code()).isEqualTo(2);
    assertThat(step.err()).contains("--every '5x' is not a step");

    Outcome order = run("labels", "--from", "2025-06-30", "--to", "2025-01-31");
    assertThat(order.code()).isEqualTo(2);
    assertThat(order.err()).contains("--to 2025-01-31 is before --from 2025-06-30");

    Outcome date = run("features", "--date", "2025-02-30");
    assertThat(date.code()).isEqualTo(2);
    assertThat(date.err()).contains("--date '2025-02-30' is not a date");

    Outcome label = run("labels", "--date", "2025-06-30", "--label", "default_in_90d");
    assertThat(label.code()).isEqualTo(2);
    assertThat(label.err()).contains("--label 'default_in_90d' is not a label");

    Outcome start = run("generate", "--start", "2025-01-15");
    assertThat(start.code()).isEqualTo(2);
    assertThat(start.err()).contains("first day of a month");
  }

  @Test
  void theConfigurationIsPrintedOnlyWhenAsked(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      String root = dir.resolve("lake").toString();
      assertThat(run("models", "--root", root, "--conf", "callwise.s3a.secret-key=hush").code())
          .isZero();
      String quiet = out.toString(java.nio.charset.StandardCharsets.UTF_8);
      out.reset();
      assertThat(
              run(
                      "models",
                      "--root",
                      root,
                      "--conf",
                      "callwise.s3a.secret-key=hush",
                      "--show-config")
                  .code())
          .isZero();
      String shown = out.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(quiet).doesNotContain("resolved configuration");
      assertThat(shown)
          .contains("callwise models: resolved configuration")
          .contains("callwise.storage.root")
          .contains("callwise.s3a.secret-key = \"****\"")
          .doesNotContain("hush");
    } finally {
      System.setOut(stdout);
    }
  }

  /** A failure's line on stderr masks the configured secrets wherever they appear in it. */
  @Test
  void aFailureMasksTheConfiguredSecrets(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String secret = "hush-" + System.nanoTime();
    String root = dir.resolve("lake-" + secret).toString();
    Outcome failed =
        run(
            "features",
            "--root",
            root,
            "--date",
            "2025-01-31",
            "--conf",
            "callwise.s3a.secret-key=" + secret);
    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.err())
        .contains("callwise features failed:")
        .contains("lake-****")
        .doesNotContain(secret);
  }
}
