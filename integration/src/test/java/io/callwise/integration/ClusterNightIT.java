package io.callwise.integration;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callwise.contract.RawTables;
import io.callwise.jobs.generate.GenerateJob;
import io.callwise.jobs.models.ModelRegistry;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.LakeTable;
import io.callwise.jobs.storage.Tables;
import io.callwise.models.DelinquencyModel;
import io.callwise.synth.SimulationParams;
import io.callwise.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole night on a real cluster and on object storage, and the same night killed at every step.
 *
 * <p>A Spark standalone master and two workers and an S3-compatible server run on 127.0.0.1; the
 * export, the cluster's lake and the model artifacts are under {@code s3a://}. One night runs
 * uninterrupted on the cluster ({@code spark-submit} of the shaded jar, credentials from the
 * environment): it discovers the export batch, ingests it, builds the features, scores, checks and
 * publishes. The same night runs in local mode as a real process into a local lake from the same
 * export, and is SIGKILLed at every step boundary and inside the ingest (before the first table's
 * first commit), score (before and after its commit, before the step is logged) and publish writes,
 * and started again after each kill; champions are fitted on the local night's features once they
 * exist (XGBoost for early_warning, logistic for no_self_cure) and registered in both lakes. Every
 * table the two nights wrote must hold the same rows, and publish must have committed once. Then
 * the faults of real machines: an object of the cluster's lake deleted behind callwise's back (as
 * soon as the cluster night has ended and its tables are read for the comparison, while the local
 * night is still being killed), a corrupt export file and a full local spill disk (two nights on
 * the local lake at once, started when its killed night has ended and its tables are read for the
 * comparison); each ends in one clear line, publishes nothing and leaves the tables readable. Last,
 * the secret key is in no log and no run record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterNightIT {

  static final LocalDate NIGHT = LocalDate.parse("2025-04-30");
  static final String ROOT = "s3a://callwise/lake";
  static final String LANDING = ROOT + "/landing";

  Path dir;
  ItServers.S3 s3;
  ItServers.Cluster cluster;
  SparkSession spark;
  final Lake cloud = Lake.at(ROOT);
  Path localRoot;
  Lake local;

  /** Every log a process of this test wrote (added to from two threads). */
  final List<Path> logs = new CopyOnWriteArrayList<>();

  int clusterExit;
  JsonNode clusterSummary;
  final List<String> kills = new ArrayList<>();
  int finalExit;

  /** The log of the local process being killed, read by the stage-boundary kill points. */
  Path currentLog;

  /**
   * The local lake's night tables as the killed night left them, read before the fault nights start
   * on the same lake.
   */
  Map<String, Dataset<Row>> localOutputs;

  /** The local lake's publication before the fault nights. */
  long publishedBeforeFaults;

  /** The fault nights on the local lake, started together once the killed night has ended. */
  Fault corrupt;

  /** Null when this machine cannot mount a tmpfs in a private namespace. */
  Fault fullDisk;

  /** A night started on the local lake with a fault planted, and its log. */
  record Fault(Process process, Path log, Path planted) {

    /** The night's output once it has ended. */
    String output() throws Exception {
      assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("the night ended").isTrue();
      return Files.readString(log, StandardCharsets.UTF_8);
    }
  }

  /**
   * The cluster night's sequel, started as soon as it ends (beside the local night still being
   * killed): an object of its lake deleted, the next night submitted; null when the cluster night
   * failed.
   */
  CompletableFuture<Vanished> vanished;

  /**
   * The night's tables in the cluster's lake as the cluster night left them (before the deletion).
   */
  final CompletableFuture<Map<String, Dataset<Row>>> clusterOutputs = new CompletableFuture<>();

  /** The object deleted from the cluster's bronze, the version published before, and the run. */
  record Vanished(LakeTable damaged, org.apache.hadoop.fs.Path object, long published, int exit) {}

  /**
   * Where a kill lands, seen from outside the process: {@code arm} is called just before the
   * process starts and gives the condition to kill on.
   */
  record KillPoint(String name, Supplier<BooleanSupplier> arm) {

    static KillPoint when(String name, BooleanSupplier reached) {
      return new KillPoint(name, () -> reached);
    }
  }

  @BeforeAll
  void runTheNightOnTheClusterAndKilledLocally() throws Exception {
    dir = Files.createTempDirectory("cluster-night-it");
    s3 = ItServers.startS3(dir, "cluster-night-s3");
    spark = SparkTestSession.get();
    s3.configure(spark.sparkContext().hadoopConfiguration());
    SimulationParams params = new SimulationParams(29, 400, LocalDate.parse("2025-01-01"), 4, 0.01);
    GenerateJob.run(spark, new GenerateJob.Options(params, LANDING + "/b1", ROOT + "/truth", 2));
    cluster = ItServers.startCluster(dir, "cluster-night", 2, "1g");
    localRoot = dir.resolve("local");
    local = Lake.at(localRoot.toString());

    List<KillPoint> beforeScore =
        List.of(
            KillPoint.when(
                "inside ingest, when the first table's log folder appears",
                () -> Files.exists(localRoot.resolve("bronze/quarantine/_delta_log"))),
            stageEnd("ingest"),
            stageEnd("features"));
    killEach(beforeScore);

    // The champions, fitted on the night's features (the local ones: the cluster's are the same,
    // as the comparison below shows), saved on object storage and registered in both lakes;
    // early_warning's is an XGBoost model, so its native library scores on the workers too.
    List<ModelRegistry.Entry> champions =
        ItChampions.fittedOn(spark, local, cloud, NIGHT, DelinquencyModel.Family.XGBOOST);
    ItChampions.register(spark, local, champions);
    ItChampions.register(spark, cloud, champions);

    Path clusterLog = log("cluster-night");
    Process onTheCluster = submit(s3.environment(), nightly(ROOT, NIGHT, LANDING), clusterLog);
    Path vanishedLog = log("vanished");
    logs.add(vanishedLog);
    vanished = CompletableFuture.supplyAsync(() -> afterTheClusterNight(onTheCluster, vanishedLog));

    List<KillPoint> fromScore =
        List.of(
            KillPoint.when(
                "inside score's write, when its first data file appears",
                () -> hasDataFile(localRoot.resolve("scoring/account_scores"))),
            new KillPoint(
                "after score's commit, before the step is logged",
                () -> {
                  long before = commits(localRoot.resolve("scoring/account_scores"));
                  return () -> commits(localRoot.resolve("scoring/account_scores")) > before;
                }),
            stageEnd("checks"),
            KillPoint.when(
                "inside publish's write, when its first data file appears",
                () -> hasDataFile(localRoot.resolve("scoring/current_priority"))));
    killEach(fromScore);
    Process last = ItProcesses.start(localNight(NIGHT, LANDING), s3.environment(), log("final"));
    logs.add(log("final"));
    assertThat(last.waitFor(10, TimeUnit.MINUTES)).isTrue();
    finalExit = last.exitValue();

    // The faults of real machines, on the local lake, both at once (beside the cluster's sequel):
    // what they must leave untouched is read first.
    localOutputs = ItLakes.contents(spark, local, ItLakes.nightOutputs());
    publishedBeforeFaults = Tables.CURRENT_PRIORITY.version(spark, local);
    corrupt = corruptExportNight();
    fullDisk = fullSpillDiskNight();

    assertThat(onTheCluster.waitFor(20, TimeUnit.MINUTES)).as("spark-submit finished").isTrue();
    clusterExit = onTheCluster.exitValue();
    clusterSummary = summary(clusterLog);
  }

  @AfterAll
  void stopEverything() throws Exception {
    for (Fault f : Arrays.asList(corrupt, fullDisk)) {
      if (f != null) {
        ItProcesses.stop(f.process());
      }
    }
    if (vanished != null) {
      // the sequel's process must end before the cluster and the server it uses stop
      try {
        vanished.get(20, TimeUnit.MINUTES);
      } catch (ExecutionException | TimeoutException e) {
        // reported by the test that reads it
      }
    }
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static Path log(String name) {
    return ItServers.LOGS.resolve("cluster-night-it-" + name + ".log");
  }

  static List<String> nightly(String root, LocalDate date, String landing) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "nightly",
                "--date",
                date.toString(),
                "--root",
                root,
                "--landing",
                landing,
                "--json"));
    NightlyPipelineIT.OVERRIDES.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    args.addAll(ItServers.S3.callwiseSettings());
    return args;
  }

  List<String> localNight(LocalDate date, String landing) {
    return ItProcesses.callwise("1g", "local[2]", nightly(localRoot.toString(), date, landing));
  }

  List<String> credentialsAsConfiguration() {
    return List.of(
        "--conf",
        "callwise.s3a.endpoint=" + s3.endpoint(),
        "--conf",
        "callwise.s3a.access-key=" + s3.accessKey(),
        "--conf",
        "callwise.s3a.secret-key=" + s3.secretKey());
  }

  Process submit(Map<String, String> env, List<String> args, Path log) throws IOException {
    logs.add(log);
    return submitLogged(env, args, log);
  }

  /** As {@link #submit}, for a log already in {@link #logs}. */
  Process submitLogged(Map<String, String> env, List<String> args, Path log) throws IOException {
    Map<String, String> environment = new HashMap<>(ItServers.sparkEnvironment());
    environment.putAll(env);
    return ItProcesses.start(ItServers.sparkSubmit(cluster, "768m", args), environment, log);
  }

  /**
   * Once the cluster night has ended well: deletes an object of a bronze table behind callwise's
   * back and submits the next night (credentials given as configuration this time); null when the
   * night on the cluster failed (the first test says how).
   */
  Vanished afterTheClusterNight(Process clusterNight, Path log) {
    try {
      if (!clusterNight.waitFor(20, TimeUnit.MINUTES) || clusterNight.exitValue() != 0) {
        clusterOutputs.complete(null);
        return null;
      }
      clusterOutputs.complete(ItLakes.contents(spark, cloud, ItLakes.nightOutputs()));
      LakeTable damaged = Tables.bronze(RawTables.TRANSACTIONS);
      // the oldest month: every night reads it
      String file =
          Arrays.stream(damaged.read(spark, cloud).inputFiles()).sorted().findFirst().orElseThrow();
      org.apache.hadoop.fs.Path object = new org.apache.hadoop.fs.Path(file);
      FileSystem fs = object.getFileSystem(spark.sparkContext().hadoopConfiguration());
      assertThat(fs.delete(object, false)).isTrue();
      long published = Tables.CURRENT_PRIORITY.version(spark, cloud);
      List<String> args = new ArrayList<>(nightly(ROOT, NIGHT.minusDays(1), LANDING));
      args.addAll(credentialsAsConfiguration());
      Process p = submitLogged(Map.of(), args, log);
      assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("the night after the deletion ended").isTrue();
      return new Vanished(damaged, object, published, p.exitValue());
    } catch (IOException e) {
      clusterOutputs.completeExceptionally(e);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      clusterOutputs.completeExceptionally(e);
      throw e;
    } catch (InterruptedException e) {
      clusterOutputs.completeExceptionally(e);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  KillPoint stageEnd(String stage) {
    String line = "stage=" + stage + " date=" + NIGHT + " event=end status=RAN";
    return new KillPoint(
        "after the " + stage + " step ended",
        () -> {
          LogWatch watch = new LogWatch(currentLog, line);
          return watch::seen;
        });
  }

  /** Whether a growing log holds a text yet, reading only what was added since the last look. */
  static final class LogWatch {
    private final Path log;
    private final String text;
    private long offset;
    private String tail = "";

    LogWatch(Path log, String text) {
      this.log = log;
      this.text = text;
    }

    boolean seen() {
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
        long length = f.length();
        if (length <= offset) {
          return false;
        }
        byte[] added = new byte[(int) (length - offset)];
        f.seek(offset);
        f.readFully(added);
        offset = length;
        String chunk = tail + new String(added, StandardCharsets.ISO_8859_1);
        if (chunk.contains(text)) {
          return true;
        }
        tail = chunk.substring(Math.max(0, chunk.length() - text.length()));
        return false;
      } catch (IOException e) {
        return false;
      }
    }
  }

  /** Starts the local night once per point, SIGKILLs it there; records the kills that landed. */
  void killEach(List<KillPoint> points) throws Exception {
    for (KillPoint point : points) {
      Path log = log("killed-" + logs.size());
      // a log of an earlier run of this test must not be read as this process's
      Files.deleteIfExists(log);
      currentLog = log;
      logs.add(log);
      BooleanSupplier reached = point.arm().get();
      Process p = ItProcesses.start(localNight(NIGHT, LANDING), s3.environment(), log);
      if (killWhen(p, reached)) {
        kills.add(point.name());
      }
    }
  }

  /** SIGKILLs {@code p} once {@code reached}; whether it was still running then. */
  static boolean killWhen(Process p, BooleanSupplier reached) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (reached.getAsBoolean()) {
        p.destroyForcibly();
        p.waitFor();
        return true;
      }
      Thread.sleep(2);
    }
    p.destroyForcibly();
    p.waitFor();
    return false;
  }

  static boolean hasDataFile(Path table) {
    if (!Files.isDirectory(table)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(table)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  /** How many commits the table's log holds (0 when there is no log yet). */
  static long commits(Path table) {
    Path log = table.resolve("_delta_log");
    if (!Files.isDirectory(log)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(log)) {
      return files.filter(f -> f.getFileName().toString().matches("[0-9]{20}\\.json")).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  /** The JSON summary {@code nightly --json} printed (one line of its own). */
  static JsonNode summary(Path log) throws IOException {
    String line =
        Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .filter(l -> l.startsWith("{\"command\":\"nightly\""))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError("no JSON summary in " + log));
    return new ObjectMapper().readTree(line);
  }

  static List<String> statuses(JsonNode summary) {
    List<String> out = new ArrayList<>();
    summary
        .get("steps")
        .forEach(s -> out.add(s.get("name").asText() + " " + s.get("status").asText()));
    return out;
  }

  long publishCommits(Lake lake) {
    return Tables.CURRENT_PRIORITY
        .delta(spark, lake)
        .history()
        .filter(col("userMetadata").startsWith("callwise publish " + NIGHT))
        .count();
  }

  @Test
  @Order(1)
  void theNightRanOnTheWorkersAgainstObjectStorage() throws Exception {
    assertThat(clusterExit).as(Files.readString(log("cluster-night"))).isZero();
    assertThat(statuses(clusterSummary))
        .containsExactly("ingest RAN", "features RAN", "score RAN", "checks RAN", "publish RAN");
    assertThat(clusterSummary.get("steps").get(0).get("detail").asText()).contains("b1");
    for (Path worker : cluster.workerLogs()) {
      assertThat(ItProcesses.logContains(worker, "Asked to launch executor"))
          .as("an executor ran on " + worker)
          .isTrue();
    }
    assertThat(s3.data().resolve("callwise/lake/scoring/current_priority/_delta_log")).exists();
    assertThat(s3.data().resolve("callwise/lake/models/artifacts")).exists();
    List<Row> runs =
        Tables.RUNS
            .read(spark, cloud)
            .filter("command = 'nightly'")
            .select("spark_master")
            .collectAsList();
    assertThat(runs).extracting(r -> r.getString(0)).containsOnly(cluster.url());
  }

  @Test
  @Order(2)
  void theNightKilledAtEveryStepPublishesTheRowsOfTheUninterruptedClusterNight() throws Exception {
    assertThat(kills)
        .as("every kill landed while the local night was running")
        .containsExactly(
            "inside ingest, when the first table's log folder appears",
            "after the ingest step ended",
            "after the features step ended",
            "inside score's write, when its first data file appears",
            "after score's commit, before the step is logged",
            "after the checks step ended",
            "inside publish's write, when its first data file appears");
    assertThat(finalExit).isZero();
    List<LakeTable> tables = ItLakes.nightOutputs();
    Map<String, Dataset<Row>> cluster = clusterOutputs.get(20, TimeUnit.MINUTES);
    assertThat(cluster).as("the cluster night succeeded (see the first test)").isNotNull();
    assertThat(ItLakes.differences(cluster, localOutputs)).isEqualTo(ItLakes.noDifferences(tables));
    assertThat(Tables.CURRENT_PRIORITY.read(spark, local).count()).isPositive();
    assertThat(publishCommits(local)).as("publish commits of the killed night").isEqualTo(1);
    assertThat(publishCommits(cloud)).as("publish commits on the cluster").isEqualTo(1);
  }

  /**
   * An object of a bronze table deleted behind callwise's back (as soon as the cluster night ended,
   * beside the local night): the next night on the cluster (credentials given as configuration this
   * time) fails naming the table, the object and the fix, publishes nothing, and every other table
   * stays readable.
   */
  @Test
  @Order(3)
  void aVanishedObjectIsAClearErrorAndPublishesNothing() throws Exception {
    Vanished v = vanished.get(20, TimeUnit.MINUTES);
    assertThat(v).as("the cluster night succeeded (see the first test)").isNotNull();
    String output = Files.readString(log("vanished"), StandardCharsets.UTF_8);
    assertThat(v.exit()).as(output).isEqualTo(1);
    assertThat(output)
        .contains(
            "callwise nightly failed: a data file of the Delta table " + v.damaged().path(cloud))
        .contains(v.object().getName())
        .contains("Fix: restore the object");
    assertThat(Tables.CURRENT_PRIORITY.version(spark, cloud)).isEqualTo(v.published());
    everyTableIsReadable(cloud, v.damaged());
    assertThat(v.damaged().delta(spark, cloud).history().count()).isPositive();
  }

  /**
   * A delivered batch whose only file is a truncated gzip: the night stops at ingest naming the
   * batch and the file, publishes nothing, and every table stays readable.
   */
  @Test
  @Order(4)
  void aCorruptExportFileStopsTheNightAndPublishesNothing() throws Exception {
    String output = corrupt.output();
    assertThat(corrupt.process().exitValue()).as(output).isEqualTo(1);
    String failure =
        output.lines().filter(l -> l.startsWith("callwise nightly failed:")).findFirst().orElse("");
    assertThat(failure)
        .startsWith("callwise nightly failed: the file ")
        .contains(corrupt.planted().toString() + " could not be read: it ends before its data does")
        .contains("Fix: if it is part of an export, deliver a complete copy");
    assertThat(Tables.CURRENT_PRIORITY.version(spark, local)).isEqualTo(publishedBeforeFaults);
    everyTableIsReadable(local, null);
  }

  /**
   * The next night on the local lake, from a new batch whose transactions file is a gzip cut in
   * half.
   */
  Fault corruptExportNight() throws IOException {
    Path landing = dir.resolve("landing-corrupt");
    Path table = Files.createDirectories(landing.resolve("b2/transactions"));
    String source =
        Arrays.stream(spark.read().text(LANDING + "/b1/transactions").inputFiles())
            .sorted()
            .findFirst()
            .orElseThrow();
    byte[] csv =
        String.join(
                "\n",
                spark
                    .read()
                    .text(source)
                    .as(org.apache.spark.sql.Encoders.STRING())
                    .collectAsList())
            .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(buffer)) {
      gz.write(csv);
    }
    byte[] whole = buffer.toByteArray();
    Path planted = table.resolve("part-00000.csv.gz");
    Files.write(planted, Arrays.copyOf(whole, whole.length / 2));
    Files.writeString(landing.resolve("b2/_SUCCESS"), "");
    Path log = log("corrupt");
    logs.add(log);
    return new Fault(
        ItProcesses.start(localNight(NIGHT.plusDays(1), landing.toString()), s3.environment(), log),
        log,
        planted);
  }

  /**
   * Spark's local directory on a 64 KiB tmpfs (in a private mount namespace of the night's
   * process): the features' shuffle fills it; one line says so and how to fix it.
   */
  @Test
  @Order(5)
  void aFullSpillDiskStopsTheNightWithOneLineAndPublishesNothing() throws Exception {
    Assumptions.assumeTrue(
        fullDisk != null, "a private mount namespace (unshare -rm) with a tmpfs");
    String output = fullDisk.output();
    assertThat(fullDisk.process().exitValue()).as(output).isEqualTo(1);
    assertThat(output)
        .contains(
            "callwise nightly failed: the local disk Spark writes shuffle and spill files to is"
                + " full");
    assertThat(Tables.CURRENT_PRIORITY.version(spark, local)).isEqualTo(publishedBeforeFaults);
    everyTableIsReadable(local, null);
  }

  /**
   * The night before on the local lake, with Spark's local directory on a 64 KiB tmpfs mounted in a
   * private mount namespace of its process; null when this machine cannot do that.
   */
  Fault fullSpillDiskNight() throws IOException, InterruptedException {
    Path tiny = Files.createDirectories(dir.resolve("tiny-local-dir"));
    String mount = "mount -t tmpfs -o size=64k tmpfs \"$0\"";
    if (new ProcessBuilder("unshare", "-rm", "sh", "-c", mount, tiny.toString())
            .inheritIO()
            .start()
            .waitFor()
        != 0) {
      return null;
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "-rm",
                "sh",
                "-c",
                mount + " && shift && exec \"$@\"",
                tiny.toString(),
                "--"));
    List<String> java = new ArrayList<>(localNight(NIGHT.minusDays(1), LANDING));
    java.add(1, "-Dspark.local.dir=" + tiny);
    command.addAll(java);
    Path log = log("full-disk");
    logs.add(log);
    return new Fault(ItProcesses.start(command, s3.environment(), log), log, tiny);
  }

  /** The secret key, given by environment and by configuration, is in no log and no run record. */
  @Test
  @Order(6)
  void theSecretIsInNoLogAndNoRunRecord() throws Exception {
    List<Path> files = new ArrayList<>(logs);
    files.addAll(cluster.workerLogs());
    try (Stream<Path> work = Files.walk(cluster.work())) {
      work.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches("stdout|stderr"))
          .forEach(files::add);
    }
    assertThat(files.size()).as("driver, local, worker and executor logs").isGreaterThan(12);
    for (Path f : files) {
      assertThat(Files.readString(f, StandardCharsets.ISO_8859_1))
          .as(f.toString())
          .doesNotContain(s3.secretKey());
    }
    for (Lake lake : List.of(cloud, local)) {
      List<String> runs = Tables.RUNS.read(spark, lake).toJSON().collectAsList();
      assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
      assertThat(String.join("\n", runs))
          .doesNotContain(s3.secretKey())
          .contains("callwise.s3a.secret-key");
    }
  }

  void everyTableIsReadable(Lake lake, LakeTable except) {
    int read = 0;
    for (LakeTable table : Tables.ALL) {
      if (except != null && table.path(lake).equals(except.path(lake))) {
        continue;
      }
      if (table.exists(spark, lake)) {
        assertThat(table.read(spark, lake).count()).as(table.name()).isNotNegative();
        read++;
      }
    }
    assertThat(read).isGreaterThan(10);
  }
}
