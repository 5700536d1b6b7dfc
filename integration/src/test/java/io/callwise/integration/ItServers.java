package io.callwise.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;

/**
 * The real servers integration tests run against, each a process of its own on 127.0.0.1: an
 * S3-compatible server (S3Proxy on a filesystem folder) and a Spark standalone cluster (a master
 * and workers started from Spark's Maven jars), and the spark-submit command line for that cluster.
 */
final class ItServers {

  private ItServers() {}

  static final Path LOGS = Path.of("target", "it-logs");

  /** S3Proxy serving bucket {@code callwise} from {@code data}, with a fresh random secret. */
  record S3(Process process, int port, String accessKey, String secretKey, Path data)
      implements AutoCloseable {

    String endpoint() {
      return "http://127.0.0.1:" + port;
    }

    /** The s3a settings of a Hadoop configuration (the test's own Spark session). */
    void configure(Configuration hadoop) {
      hadoop.set("fs.s3a.endpoint", endpoint());
      hadoop.set("fs.s3a.endpoint.region", "us-east-1");
      hadoop.set("fs.s3a.path.style.access", "true");
      hadoop.set("fs.s3a.connection.ssl.enabled", "false");
      hadoop.set("fs.s3a.access.key", accessKey);
      hadoop.set("fs.s3a.secret.key", secretKey);
    }

    /** The endpoint and the credentials as a deployment's environment gives them. */
    Map<String, String> environment() {
      return Map.of(
          "CALLWISE_S3_ENDPOINT", endpoint(),
          "AWS_ACCESS_KEY_ID", accessKey,
          "AWS_SECRET_ACCESS_KEY", secretKey);
    }

    /** callwise settings every command against this server needs besides endpoint and keys. */
    static List<String> callwiseSettings() {
      return List.of(
          "--conf",
          "callwise.s3a.path-style-access=true",
          "--conf",
          "callwise.s3a.ssl-enabled=false");
    }

    @Override
    public void close() throws InterruptedException {
      ItProcesses.stop(process);
    }
  }

  static S3 startS3(Path dir, String name) throws Exception {
    int port = ItProcesses.freePort();
    Path data = dir.resolve(name + "-data");
    Files.createDirectories(data.resolve("callwise"));
    String access = "it-access";
    String secret = "it-secret-" + UUID.randomUUID();
    Path conf = dir.resolve(name + ".conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + access,
            "s3proxy.credential=" + secret,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data,
            ""));
    List<String> command = new ArrayList<>(List.of(ItProcesses.java(), "-Xmx256m"));
    command.addAll(ItProcesses.shortLivedFlags());
    command.addAll(
        List.of(
            "-jar",
            ItProcesses.property("callwise.it.s3proxyJar"),
            "--properties",
            conf.toString()));
    Process p = ItProcesses.start(command, Map.of(), LOGS.resolve(name + ".log"));
    ItProcesses.await(
        "S3Proxy on port " + port, Duration.ofSeconds(60), () -> ItProcesses.listening(port));
    return new S3(p, port, access, secret, data);
  }

  /** A standalone master and its workers; {@link #workerLogs} are where executors are launched. */
  record Cluster(Process master, List<Process> workers, int port, List<Path> workerLogs, Path work)
      implements AutoCloseable {

    String url() {
      return "spark://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
      for (Process w : workers) {
        ItProcesses.stop(w);
      }
      ItProcesses.stop(master);
    }
  }

  static Map<String, String> sparkEnvironment() {
    return Map.of(
        "SPARK_HOME",
        Path.of(ItProcesses.property("callwise.it.sparkHome")).toAbsolutePath().toString(),
        "SPARK_SCALA_VERSION",
        "2.13",
        "SPARK_LOCAL_IP",
        "127.0.0.1");
  }

  /** {@code java -cp <Spark's jars> mainClass}, as Spark's own scripts would start it. */
  static List<String> sparkJava(String mainClass, String heap) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ItProcesses.java());
    cmd.add("-Xmx" + heap);
    cmd.addAll(ItProcesses.jvmFlags());
    cmd.add("-cp");
    cmd.add(Path.of(ItProcesses.property("callwise.it.sparkHome"), "jars").toAbsolutePath() + "/*");
    cmd.add(mainClass);
    return cmd;
  }

  /** A master and {@code workers} workers of one core and {@code workerMemory} each. */
  static Cluster startCluster(Path dir, String name, int workers, String workerMemory)
      throws Exception {
    int port = ItProcesses.freePort();
    List<String> m = sparkJava("org.apache.spark.deploy.master.Master", "512m");
    m.addAll(
        List.of(
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--webui-port",
            String.valueOf(ItProcesses.freePort())));
    Process master = ItProcesses.start(m, sparkEnvironment(), LOGS.resolve(name + "-master.log"));
    ItProcesses.await("Spark master", Duration.ofSeconds(90), () -> ItProcesses.listening(port));
    List<Process> started = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    Path work = dir.resolve(name + "-work");
    for (int i = 0; i < workers; i++) {
      Path log = LOGS.resolve(name + "-worker-" + i + ".log");
      List<String> w = sparkJava("org.apache.spark.deploy.worker.Worker", "512m");
      w.addAll(
          List.of(
              "--host",
              "127.0.0.1",
              "--cores",
              "1",
              "--memory",
              workerMemory,
              "--webui-port",
              String.valueOf(ItProcesses.freePort()),
              "--work-dir",
              work.resolve("worker-" + i).toString(),
              "spark://127.0.0.1:" + port));
      started.add(ItProcesses.start(w, sparkEnvironment(), log));
      logs.add(log);
    }
    for (Path log : logs) {
      ItProcesses.await(
          "Spark worker registration (" + log + ")",
          Duration.ofSeconds(90),
          () -> ItProcesses.logContains(log, "Successfully registered with master"));
    }
    return new Cluster(master, started, port, logs, work);
  }

  /**
   * spark-submit of the shaded jobs jar to {@code cluster} in client mode (the driver is this
   * command's process), one executor of one core per worker.
   */
  static List<String> sparkSubmit(Cluster cluster, String executorMemory, List<String> args) {
    List<String> submit = sparkJava("org.apache.spark.deploy.SparkSubmit", "1g");
    // the driver runs in this JVM (client mode): it logs as bin/callwise does
    submit.add(1, ItProcesses.logConfiguration());
    submit.addAll(
        List.of(
            "--master",
            cluster.url(),
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--conf",
            "spark.driver.bindAddress=127.0.0.1",
            "--conf",
            "spark.executor.memory=" + executorMemory,
            "--conf",
            "spark.executor.cores=1",
            "--conf",
            "spark.executor.extraJavaOptions=" + String.join(" ", ItProcesses.shortLivedFlags()),
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.sql.shuffle.partitions=4",
            "--class",
            "io.callwise.jobs.Callwise",
            Path.of(ItProcesses.property("callwise.it.shadedJar")).toAbsolutePath().toString()));
    submit.addAll(args);
    return submit;
  }
}
