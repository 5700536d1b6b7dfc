package io.callwise.jobs.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callwise.models.HadoopText;
import io.callwise.synth.SimulationParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The parameters a synthetic book was generated from, kept beside its ground truth ({@code
 * {truth}/simulation.json}): with them the simulator can replay any account from any date, which is
 * how {@code evaluate-policy} measures strategies against the truth.
 */
public final class SimulationRecord {

  private SimulationRecord() {}

  public static final String FILE = "simulation.json";

  public static void write(SparkSession spark, String truthRoot, SimulationParams p) {
    String json =
        String.format(
            Locale.ROOT,
            "{\"seed\": %d, \"accounts\": %d, \"start\": \"%s\", \"months\": %d,"
                + " \"defect_rate\": %s}%n",
            p.seed(),
            p.accounts(),
            p.start(),
            p.months(),
            Double.toString(p.defectRate()));
    try {
      HadoopText.write(spark, truthRoot + "/" + FILE, json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + truthRoot + "/" + FILE, e);
    }
  }

  /** The parameters of the book whose truth is under {@code truthRoot}, if it records them. */
  public static Optional<SimulationParams> read(SparkSession spark, String truthRoot) {
    String text;
    try {
      text = HadoopText.read(spark, truthRoot + "/" + FILE);
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      JsonNode n = new ObjectMapper().readTree(text);
      return Optional.of(
          new SimulationParams(
              n.get("seed").asLong(),
              n.get("accounts").asLong(),
              LocalDate.parse(n.get("start").asText()),
              n.get("months").asInt(),
              n.get("defect_rate").asDouble()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          truthRoot + "/" + FILE + " is not a simulation record: " + e.getMessage(), e);
    }
  }
}
