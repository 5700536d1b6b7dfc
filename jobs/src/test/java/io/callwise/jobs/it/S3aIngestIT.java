package io.callwise.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.contract.RawTables;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.config.CallwiseConfig;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.ingest.IngestJob;
import io.callwise.jobs.ingest.IngestOptions;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import io.callwise.synth.SimulationParams;
import io.callwise.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export and the lake both on s3a://, against a real S3-compatible server (S3Proxy) started by
 * this test on 127.0.0.1 and stopped after it.
 */
class S3aIngestIT {

  static Process server;
  static int port;
  @TempDir static Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    port = ItProcesses.freePort();
    Path data = dir.resolve("s3");
    Files.createDirectories(data.resolve("callwise"));
    Path conf = dir.resolve("s3proxy.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=it-access",
            "s3proxy.credential=it-secret",
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data,
            ""));
    server =
        ItProcesses.start(
            List.of(
                ItProcesses.java(),
                "-Xmx256m",
                "-jar",
                ItProcesses.property("callwise.it.s3proxyJar"),
                "--properties",
                conf.toString()),
            Map.of(),
            Path.of("target", "it-logs", "s3proxy.log"));
    ItProcesses.await(
        "S3Proxy on port " + port, Duration.ofSeconds(60), () -> ItProcesses.listening(port));

    Configuration hadoop = SparkTestSession.get().sparkContext().hadoopConfiguration();
    hadoop.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    hadoop.set("fs.s3a.endpoint.region", "us-east-1");
    hadoop.set("fs.s3a.path.style.access", "true");
    hadoop.set("fs.s3a.connection.ssl.enabled", "false");
    hadoop.set("fs.s3a.access.key", "it-access");
    hadoop.set("fs.s3a.secret.key", "it-secret");
  }

  @AfterAll
  static void stopServer() throws Exception {
    ItProcesses.stop(server);
  }

  @Test
  void generateAndIngestOnS3a() {
    SparkSession spark = SparkTestSession.get();
    Lake lake = Lake.at("s3a://callwise/lake");
    SimulationParams params = new SimulationParams(3, 60, LocalDate.parse("2025-01-01"), 2, 0);
    GenerateJob.Report report =
        GenerateJob.run(
            spark, new GenerateJob.Options(params, lake.landing("b1"), lake.root() + "/truth", 2));

    List<IngestSummary> summaries =
        IngestJob.run(
            spark,
            lake,
            IngestOptions.syntheticExport(
                CallwiseConfig.resolve(
                    null, Map.of("callwise.ingest.max-rejection-rate", "0"), Map.of()),
                lake.landing("b1"),
                "b1",
                params));

    for (IngestSummary s : summaries) {
      assertThat(s.read()).as(s.table()).isEqualTo(report.rows().get(s.table()));
      assertThat(s.quarantined()).as(s.table()).isZero();
    }
    assertThat(Tables.bronze(RawTables.TRANSACTIONS).read(spark, lake).count())
        .isEqualTo(report.rows().get("transactions"));
    assertThat(Files.exists(dir.resolve("s3/callwise/lake/bronze/transactions/_delta_log")))
        .isTrue();
  }
}
