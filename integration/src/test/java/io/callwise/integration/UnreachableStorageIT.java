package io.callwise.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An s3a:// endpoint that accepts connections and never answers (the slow failure: Hadoop's
 * defaults wait minutes) and one that refuses them: {@code callwise ingest} fails within the
 * configured bounds, exit 1, with one line that names the cause and the fix.
 */
class UnreachableStorageIT {

  @TempDir Path dir;

  List<String> ingest(int port) {
    return ItProcesses.callwise(
        "512m",
        "local[1]",
        List.of(
            "ingest",
            "--root",
            "s3a://callwise/lake",
            "--input",
            "s3a://callwise/landing/b1",
            "--batch-id",
            "b1",
            "--conf",
            "callwise.s3a.endpoint=http://127.0.0.1:" + port,
            "--conf",
            "callwise.s3a.path-style-access=true",
            "--conf",
            "callwise.s3a.ssl-enabled=false",
            "--conf",
            "callwise.s3a.access-key=k",
            "--conf",
            "callwise.s3a.secret-key=s"));
  }

  /**
   * @param seconds how long the command ran once Spark was up, from its own stage line (the JVM and
   *     Spark start, which a busy machine stretches, left out)
   */
  record Outcome(int exit, double seconds, String stderrLastLines) {}

  static final java.util.regex.Pattern STAGE_END =
      java.util.regex.Pattern.compile(
          "stage=ingest event=end status=FAILED seconds=([0-9]+(?:\\.[0-9]+)?)");

  Outcome run(int port, String name) throws Exception {
    Path log = dir.resolve(name + ".log");
    long t0 = System.nanoTime();
    Process p = ItProcesses.start(ingest(port), Map.of(), log);
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still waiting after 300 s; see " + log);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    double seconds =
        lines.stream()
            .map(STAGE_END::matcher)
            .filter(java.util.regex.Matcher::find)
            .map(m -> Double.parseDouble(m.group(1)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no end line of the ingest stage in " + log));
    Files.copy(
        log,
        Path.of("target", "it-logs", "unreachable-" + name + ".log"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String failed =
        lines.stream().filter(l -> l.startsWith("callwise ingest failed")).findFirst().orElse("");
    System.out.printf(
        "unreachable storage (%s): exit %d after %.1f s (%.1f s with JVM and Spark start): %s%n",
        name, p.exitValue(), seconds, wall, failed);
    return new Outcome(p.exitValue(), seconds, failed);
  }

  @Test
  void aSilentOrRefusingEndpointFailsFastInOneLine() throws Exception {
    Files.createDirectories(Path.of("target", "it-logs"));
    // Accepts every connection and never answers.
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (!silent.isClosed()) {
                    held.add(silent.accept());
                  }
                } catch (java.io.IOException e) {
                  // closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Outcome o = run(silent.getLocalPort(), "silent");
      assertThat(o.exit()).isEqualTo(1);
      assertThat(o.stderrLastLines())
          .contains("storage could not be reached")
          .contains("callwise.s3a.endpoint");
      // A status check is two requests, each tried twice (retries = 1) with a 10 s read timeout:
      // about 40 s of waiting, 72 s on a busy machine (Hadoop's defaults: 184 s with the JVM and
      // Spark start).
      assertThat(o.seconds()).isLessThan(120);
    }
    int closed = ItProcesses.freePort();
    Outcome refused = run(closed, "refused");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderrLastLines()).contains("storage could not be reached");
    assertThat(refused.seconds()).isLessThan(45);
  }
}
