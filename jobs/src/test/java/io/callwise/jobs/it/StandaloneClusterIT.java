package io.callwise.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.contract.TableSpec;
import io.callwise.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jobs jar under spark-submit on a real Spark standalone cluster (a master and a worker,
 * started here from Spark's Maven jars), running {@code callwise demo}.
 */
class StandaloneClusterIT {

  static Process master;
  static Process worker;
  static int masterPort;
  static Path logs = Path.of("target", "it-logs");
  @TempDir static Path dir;

  static List<String> sparkJava(String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ItProcesses.java());
    cmd.add("-Xmx1g");
    cmd.addAll(ItProcesses.jvmFlags());
    cmd.add("-cp");
    cmd.add(Path.of(ItProcesses.property("callwise.it.sparkHome"), "jars").toAbsolutePath() + "/*");
    cmd.add(mainClass);
    return cmd;
  }

  static Map<String, String> sparkEnv() {
    return Map.of(
        "SPARK_HOME",
            Path.of(ItProcesses.property("callwise.it.sparkHome")).toAbsolutePath().toString(),
        "SPARK_SCALA_VERSION", "2.13",
        "SPARK_LOCAL_IP", "127.0.0.1");
  }

  @BeforeAll
  static void startCluster() throws Exception {
    masterPort = ItProcesses.freePort();
    List<String> m = sparkJava("org.apache.spark.deploy.master.Master");
    m.addAll(
        List.of(
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(masterPort),
            "--webui-port",
            String.valueOf(ItProcesses.freePort())));
    master = ItProcesses.start(m, sparkEnv(), logs.resolve("spark-master.log"));
    ItProcesses.await(
        "Spark master", Duration.ofSeconds(90), () -> ItProcesses.listening(masterPort));

    Path workerLog = logs.resolve("spark-worker.log");
    List<String> w = sparkJava("org.apache.spark.deploy.worker.Worker");
    w.addAll(
        List.of(
            "--host",
            "127.0.0.1",
            "--cores",
            "2",
            "--memory",
            "3g",
            "--webui-port",
            String.valueOf(ItProcesses.freePort()),
            "--work-dir",
            dir.resolve("work").toString(),
            "spark://127.0.0.1:" + masterPort));
    worker = ItProcesses.start(w, sparkEnv(), workerLog);
    ItProcesses.await(
        "Spark worker registration",
        Duration.ofSeconds(90),
        () -> ItProcesses.logContains(workerLog, "Successfully registered with master"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    ItProcesses.stop(worker);
    ItProcesses.stop(master);
  }

  @Test
  void sparkSubmitRunsTheDemoOnTheCluster() throws Exception {
    Path root = dir.resolve("lake");
    List<String> submit = sparkJava("org.apache.spark.deploy.SparkSubmit");
    submit.addAll(
        List.of(
            "--master",
            "spark://127.0.0.1:" + masterPort,
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--conf",
            "spark.driver.bindAddress=127.0.0.1",
            "--conf",
            "spark.executor.memory=1g",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.sql.shuffle.partitions=4",
            "--class",
            "io.callwise.jobs.Callwise",
            Path.of(ItProcesses.property("callwise.it.shadedJar")).toAbsolutePath().toString(),
            "demo",
            "--accounts",
            "150",
            "--months",
            "3",
            "--root",
            root.toString()));
    Path log = logs.resolve("spark-submit.log");
    Process p = ItProcesses.start(submit, sparkEnv(), log);
    boolean finished = p.waitFor(10, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("spark-submit finished; log:\n%s", output).isTrue();
    assertThat(p.exitValue()).as("exit code; log:\n%s", output).isZero();
    assertThat(output).contains("demo finished").contains("spark://127.0.0.1:" + masterPort);

    SparkSession spark = SparkTestSession.get();
    for (TableSpec spec :
        List.of(RawTables.ACCOUNTS, RawTables.TRANSACTIONS, RawTables.REPAYMENTS)) {
      long rows =
          spark
              .read()
              .format("delta")
              .load(root.resolve("bronze").resolve(spec.name()).toString())
              .count();
      assertThat(rows).as(spec.name()).isPositive();
    }
    assertThat(
            ItProcesses.logContains(logs.resolve("spark-worker.log"), "Launching executor")
                || ItProcesses.logContains(
                    logs.resolve("spark-worker.log"), "Asked to launch executor"))
        .as("the work ran on the worker's executors")
        .isTrue();
  }
}
