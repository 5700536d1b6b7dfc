package io.callwise.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks: without outputs, on callwise's kernel, parameters in the first code cell
 * only, and no logic of their own (they call io.callwise.notebooks).
 */
class NotebookFilesTest {

  private static List<Path> notebooks() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("user.dir")))) {
      return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  @Test
  void areCommittedWithoutOutputsOnTheCallwiseKernel() throws IOException {
    List<Path> notebooks = notebooks();
    assertThat(notebooks)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "1-the-book.ipynb", "2-a-model-version.ipynb", "3-tonights-decisions.ipynb");
    ObjectMapper json = new ObjectMapper();
    for (Path p : notebooks) {
      JsonNode nb = json.readTree(p.toFile());
      assertThat(nb.at("/metadata/kernelspec/name").asText())
          .as(p.toString())
          .isEqualTo("callwise-java");
      boolean first = true;
      for (JsonNode cell : nb.get("cells")) {
        if (!cell.get("cell_type").asText().equals("code")) {
          continue;
        }
        assertThat(cell.get("outputs")).as("%s: outputs committed", p).isEmpty();
        assertThat(cell.get("execution_count").isNull())
            .as("%s: execution count committed", p)
            .isTrue();
        StringBuilder source = new StringBuilder();
        cell.get("source").forEach(l -> source.append(l.asText()));
        String code = source.toString();
        if (first) {
          assertThat(code)
              .as("%s: first code cell holds the parameters", p)
              .contains("Notebook.param(\"root\"");
          first = false;
        } else {
          assertThat(code)
              .as("%s: parameters only in the first cell", p)
              .doesNotContain("Notebook.param(");
          // no Spark logic copied into cells: they call callwise's views
          assertThat(code).as("%s", p).doesNotContain("spark.read").doesNotContain("groupBy(");
        }
      }
    }
  }

  @Test
  void parametersComeFromTheEnvironmentWhenSet() {
    Map<String, String> env = Map.of("CALLWISE_ROOT", " s3a://b/lake ", "CALLWISE_DATE", " ");
    assertThat(Notebook.param(env, "root", "../lake")).isEqualTo("s3a://b/lake");
    assertThat(Notebook.param(env, "date", "latest")).isEqualTo("latest");
    assertThat(Notebook.param(env, "model_id", "champion:no_self_cure"))
        .isEqualTo("champion:no_self_cure");
  }
}
