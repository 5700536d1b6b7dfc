package io.callwise.integration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Real helper processes for integration tests: free ports, start with a log file, wait, stop. */
final class ItProcesses {

  private ItProcesses() {}

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name + " is not set; run integration tests through mvn verify");
    }
    return value;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The JIT and collector flags of a short-lived JVM (the build's short.jvm.flags). */
  static List<String> shortLivedFlags() {
    return List.of(property("callwise.it.shortJvmFlags").trim().split("\\s+"));
  }

  static List<String> jvmFlags() {
    return new ArrayList<>(Arrays.asList(property("callwise.it.jvmFlags").trim().split("\\s+")));
  }

  /**
   * The log configuration bin/callwise uses (callwise at INFO with its stage lines, Spark at WARN),
   * so that processes log what an operator sees and spend no time printing Spark's plans.
   */
  static String logConfiguration() {
    Path conf = Path.of("..", "conf", "log4j2.properties").toAbsolutePath().normalize();
    if (!Files.exists(conf)) {
      throw new IllegalStateException(
          conf + " is missing; run integration tests through mvn verify");
    }
    return "-Dlog4j2.configurationFile=" + conf;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * A {@code callwise} command line as a separate JVM: the Spark jars of the test Spark home and
   * the shaded application jar, local Spark bound to the loopback address.
   */
  static List<String> callwise(String heap, String master, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("-Xmx" + heap);
    cmd.addAll(jvmFlags());
    cmd.add(logConfiguration());
    cmd.add("-Dspark.master=" + master);
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.sql.shuffle.partitions=2");
    cmd.add("-Dspark.driver.host=127.0.0.1");
    cmd.add("-Dspark.driver.bindAddress=127.0.0.1");
    cmd.add("-cp");
    cmd.add(
        Path.of(property("callwise.it.sparkHome"), "jars").toAbsolutePath()
            + "/*:"
            + Path.of(property("callwise.it.shadedJar")).toAbsolutePath());
    cmd.add("io.callwise.jobs.Callwise");
    cmd.addAll(args);
    return cmd;
  }

  static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(250);
    }
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean logContains(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  static void stop(Process p) throws InterruptedException {
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
