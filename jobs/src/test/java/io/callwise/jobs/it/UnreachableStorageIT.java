package io.callwise.jobs.it;

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

  record Outcome(int exit, double seconds, String stderrLastLines) {}

  Outcome run(int port, String name) throws Exception {
    Path log = dir.resolve(name + ".log");
    long t0 = System.nanoTime();
    Process p = ItProcesses.start(ingest(port), Map.of(), log);
    if (!p.waitFor(170, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still waiting after 170 s; see " + log);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    Files.copy(
        log,
        Path.of("target", "it-logs", "unreachable-" + name + ".log"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String failed =
        lines.stream().filter(l -> l.startsWith("callwise ingest failed")).findFirst().orElse("");
    System.out.printf(
        "unreachable storage (%s): exit %d after %.1f s: %s%n",
        name, p.exitValue(), seconds, failed);
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
      // A status check is two requests, each tried twice (retries = 1) with a 10 s read timeout,
      // plus the JVM and Spark start: about a minute here (Hadoop's defaults took 184 s).
      assertThat(o.seconds()).isLessThan(100);
    }
    int closed = ItProcesses.freePort();
    Outcome refused = run(closed, "refused");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderrLastLines()).contains("storage could not be reached");
    assertThat(refused.seconds()).isLessThan(60);
  }
}
