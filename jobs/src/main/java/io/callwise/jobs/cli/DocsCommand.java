package io.callwise.jobs.cli;

import io.callwise.docs.ContractDoc;
import io.callwise.docs.FeatureDoc;
import io.callwise.policy.ScoringTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callwise docs}: regenerates the documents derived from code (no Spark needed). */
@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    header =
        "Write the generated documents (DATA_CONTRACT.md, FEATURES.md, OUTPUT_CONTRACT.md) into --output.")
public final class DocsCommand implements Callable<Integer> {

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Folder to write into (default: docs).")
  Path output = Path.of("docs");

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(output);
    Path contract = output.resolve("DATA_CONTRACT.md");
    Files.writeString(contract, ContractDoc.render(), StandardCharsets.UTF_8);
    System.out.println("wrote " + contract);
    Path features = output.resolve("FEATURES.md");
    Files.writeString(features, FeatureDoc.render(), StandardCharsets.UTF_8);
    System.out.println("wrote " + features);
    Path outputs = output.resolve("OUTPUT_CONTRACT.md");
    Files.writeString(outputs, ScoringTables.render(), StandardCharsets.UTF_8);
    System.out.println("wrote " + outputs);
    return 0;
  }
}
