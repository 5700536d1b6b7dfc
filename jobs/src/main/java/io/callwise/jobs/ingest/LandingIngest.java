package io.callwise.jobs.ingest;

import io.callwise.ingest.IngestStatus;
import io.callwise.ingest.IngestSummary;
import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.jobs.storage.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new batches of a landing root, ingested in name order, once each: a complete batch ({@link
 * Landing}) whose id {@code ingest_runs} does not hold (or holds with a table rejected) is verified
 * against its manifest and ingested; a batch without its marker is left for a later run and
 * reported; the first batch that fails stops the run, naming it, with the batches before it
 * ingested.
 */
public final class LandingIngest {

  private LandingIngest() {}

  private static final Logger LOG = LoggerFactory.getLogger(LandingIngest.class);

  /**
   * @param ingested batches ingested now, with their accepted rows
   * @param waiting batches without a completion marker
   * @param earlier complete batches ingested by an earlier run
   */
  public record Report(List<String> ingested, List<String> waiting, List<String> earlier) {

    public String render(String landing) {
      String waitingText =
          waiting.isEmpty()
              ? ""
              : "; waiting for a completion marker ("
                  + Landing.SUCCESS
                  + " or "
                  + Landing.MANIFEST
                  + "): "
                  + String.join(", ", waiting);
      return (ingested.isEmpty()
              ? "no new batch under " + landing
              : ingested.size() + " new batch(es) ingested: " + String.join(", ", ingested))
          + waitingText;
    }
  }

  /** The complete batches of {@code landing} not ingested yet, in name order. */
  public static List<Landing.Batch> pending(SparkSession spark, Lake lake, String landing) {
    Set<String> done = ingestedBatches(spark, lake);
    return Landing.discover(spark, landing).stream()
        .filter(b -> b.complete() && !done.contains(b.id()))
        .toList();
  }

  public static Report run(
      SparkSession spark,
      Lake lake,
      String landing,
      Function<Landing.Batch, IngestOptions> ingestOf) {
    List<Landing.Batch> batches = Landing.discover(spark, landing);
    Set<String> done = ingestedBatches(spark, lake);
    List<String> waiting =
        batches.stream().filter(b -> !b.complete()).map(Landing.Batch::id).toList();
    if (!waiting.isEmpty()) {
      LOG.warn(
          "landing {}: {} batch(es) without a completion marker left for a later run: {}",
          landing,
          waiting.size(),
          String.join(", ", waiting));
    }
    List<String> earlier = new ArrayList<>();
    List<String> ingested = new ArrayList<>();
    for (Landing.Batch b : batches) {
      if (!b.complete()) {
        continue;
      }
      if (done.contains(b.id())) {
        earlier.add(b.id());
        continue;
      }
      try {
        Landing.verify(spark, b);
        long rows =
            IngestJob.run(spark, lake, ingestOf.apply(b)).stream()
                .mapToLong(IngestSummary::accepted)
                .sum();
        ingested.add(String.format(Locale.ROOT, "%s (%,d rows)", b.id(), rows));
      } catch (RuntimeException e) {
        throw new JobFailedException(
            "batch "
                + b.id()
                + " of "
                + landing
                + " failed"
                + (ingested.isEmpty()
                    ? ""
                    : " (ingested before it: " + String.join(", ", ingested) + ")")
                + ": "
                + e.getMessage());
      }
    }
    return new Report(ingested, waiting, earlier);
  }

  /** Batches ingest_runs holds with no table rejected. */
  static Set<String> ingestedBatches(SparkSession spark, Lake lake) {
    if (!Tables.INGEST_RUNS.exists(spark, lake)) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    Set<String> rejected = new TreeSet<>();
    for (Row r :
        Tables.INGEST_RUNS
            .read(spark, lake)
            .select("batch_id", "status")
            .distinct()
            .collectAsList()) {
      out.add(r.getString(0));
      if (IngestStatus.REJECTED.name().equals(r.getString(1))) {
        rejected.add(r.getString(0));
      }
    }
    out.removeAll(rejected);
    return out;
  }
}
