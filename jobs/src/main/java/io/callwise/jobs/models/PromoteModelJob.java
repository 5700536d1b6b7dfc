package io.callwise.jobs.models;

import io.callwise.jobs.runtime.JobFailedException;
import io.callwise.jobs.storage.Lake;
import io.callwise.models.HadoopText;
import io.callwise.models.PromotionGate;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * {@code callwise promote} and {@code callwise rollback}: status changes of registered models.
 * Promotion applies the {@link PromotionGate}; {@code force} skips a failing gate only with a
 * reason, recorded in the history with the checks that failed. A promotion retires the label's
 * champion; a rollback retires the champion and restores the one it replaced.
 */
public final class PromoteModelJob {

  private PromoteModelJob() {}

  public record Outcome(String message, PromotionGate.Result gate) {}

  /** Registry labels of treatment-effect models start with this. */
  public static final String UPLIFT_PREFIX = "uplift_";

  /**
   * Promotes {@code modelId}; when the gate refuses it, promotes it forced with {@code
   * forcedReason} recorded in the registry (for a demo or benchmark book that must have a champion
   * to go on). Returns what happened, one line per step: the refusal with its reasons, then the
   * forced promotion.
   */
  public static List<String> promoteOrForce(
      SparkSession spark,
      Lake lake,
      String modelId,
      String forcedReason,
      PromotionGate.Thresholds thresholds) {
    List<String> lines = new ArrayList<>();
    try {
      lines.add("promote: " + promote(spark, lake, modelId, false, null, thresholds).message());
    } catch (JobFailedException e) {
      lines.add("promote: " + e.getMessage());
      lines.add(
          "promote --force: "
              + promote(spark, lake, modelId, true, forcedReason, thresholds).message());
    }
    return lines;
  }

  public static Outcome promote(
      SparkSession spark,
      Lake lake,
      String modelId,
      boolean force,
      String reason,
      PromotionGate.Thresholds thresholds) {
    ModelRegistry registry = new ModelRegistry(spark, lake);
    return registry.exclusively(() -> promote(spark, registry, modelId, force, reason, thresholds));
  }

  private static Outcome promote(
      SparkSession spark,
      ModelRegistry registry,
      String modelId,
      boolean force,
      String reason,
      PromotionGate.Thresholds thresholds) {
    List<ModelRegistry.Entry> all = registry.list();
    ModelRegistry.Entry candidate =
        all.stream()
            .filter(e -> e.modelId().equals(modelId))
            .findFirst()
            .orElseThrow(
                () ->
                    new JobFailedException(
                        "no model "
                            + modelId
                            + " in "
                            + registry.path()
                            + ". Fix: use an id listed by callwise models"
                            + (all.isEmpty()
                                ? " (the registry is empty: run callwise train first)"
                                : ", e.g. " + all.get(all.size() - 1).modelId())));
    if (candidate.status().equals(ModelRegistry.CHAMPION)) {
      return new Outcome(modelId + " is already the champion of " + candidate.label(), null);
    }
    boolean uplift = candidate.label().startsWith(UPLIFT_PREFIX);
    try {
      HadoopText.read(spark, candidate.artifactUri() + (uplift ? "/uplift.json" : "/model.json"));
    } catch (IOException e) {
      throw new JobFailedException(
          "the artifacts of "
              + modelId
              + " are missing at "
              + candidate.artifactUri()
              + ". Fix: train it again (callwise train) before promoting.");
    }
    Optional<ModelRegistry.Entry> champion =
        all.stream()
            .filter(
                e ->
                    e.label().equals(candidate.label())
                        && e.status().equals(ModelRegistry.CHAMPION))
            .findFirst();
    Map<String, Double> championMetrics = champion.map(ModelRegistry.Entry::metrics).orElse(null);
    PromotionGate.Result gate =
        uplift
            ? PromotionGate.evaluateUplift(candidate.metrics(), championMetrics, thresholds)
            : PromotionGate.evaluate(
                candidate.label(), candidate.metrics(), championMetrics, thresholds);
    if (!gate.passed() && !force) {
      throw new JobFailedException(
          "promotion of "
              + modelId
              + " refused by the gate ("
              + String.join(", ", gate.failed())
              + "):\n"
              + gate.render()
              + "Fix: train a better model, or promote with --force --reason \"why\"");
    }
    Timestamp now = Timestamp.from(Instant.now());
    String recorded =
        gate.passed() ? reason : "forced past " + String.join(", ", gate.failed()) + ": " + reason;
    List<ModelRegistry.Entry> changes = new ArrayList<>();
    changes.add(
        candidate.withStatus(
            ModelRegistry.CHAMPION,
            new ModelRegistry.Event(
                now,
                "promoted",
                ModelRegistry.CHAMPION,
                champion.map(ModelRegistry.Entry::modelId).orElse(null),
                !gate.passed(),
                recorded)));
    champion.ifPresent(
        c ->
            changes.add(
                c.withStatus(
                    ModelRegistry.RETIRED,
                    new ModelRegistry.Event(
                        now,
                        ModelRegistry.RETIRED,
                        ModelRegistry.RETIRED,
                        modelId,
                        false,
                        recorded))));
    registry.upsert(changes);
    return new Outcome(
        modelId
            + " is now the champion of "
            + candidate.label()
            + champion.map(c -> " (retired " + c.modelId() + ")").orElse("")
            + (gate.passed() ? "" : " — forced: " + reason),
        gate);
  }

  public static Outcome rollback(SparkSession spark, Lake lake, String label, String reason) {
    ModelRegistry registry = new ModelRegistry(spark, lake);
    return registry.exclusively(() -> rollback(registry, label, reason));
  }

  private static Outcome rollback(ModelRegistry registry, String label, String reason) {
    ModelRegistry.Entry champion =
        registry
            .champion(label)
            .orElseThrow(
                () ->
                    new JobFailedException(
                        "label "
                            + label
                            + " has no champion to roll back. Fix: see callwise models"));
    String previous = champion.last("promoted").map(ModelRegistry.Event::otherModel).orElse(null);
    if (previous == null) {
      throw new JobFailedException(
          champion.modelId()
              + " was the first champion of "
              + label
              + ": there is no earlier champion to restore. Fix: promote another model instead.");
    }
    ModelRegistry.Entry restored =
        registry
            .find(previous)
            .orElseThrow(
                () -> new JobFailedException("the previous champion " + previous + " is gone"));
    Timestamp now = Timestamp.from(Instant.now());
    registry.upsert(
        List.of(
            champion.withStatus(
                ModelRegistry.RETIRED,
                new ModelRegistry.Event(
                    now, "rolled_back", ModelRegistry.RETIRED, previous, false, reason)),
            restored.withStatus(
                ModelRegistry.CHAMPION,
                new ModelRegistry.Event(
                    now, "restored", ModelRegistry.CHAMPION, champion.modelId(), false, reason))));
    return new Outcome(
        "rolled back "
            + label
            + ": "
            + previous
            + " is the champion again ("
            + champion.modelId()
            + " retired)",
        null);
  }
}
