package io.callwise.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The map a newcomer reads: every package of every module says what it holds ({@code
 * package-info.java}), and no two packages depend on each other, directly or around a loop (the
 * class files' dependencies, as {@code jdeps} reads them).
 */
class ArchitectureTest {

  static final List<String> MODULES = List.of("features", "models", "jobs");

  static Path module(String name) {
    return Path.of("..", name);
  }

  @Test
  void everyPackageSaysWhatItHolds() throws IOException {
    List<String> missing = new ArrayList<>();
    for (String m : MODULES) {
      Path src = module(m).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(src)) {
        Set<Path> packages = new TreeSet<>();
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> packages.add(f.getParent()));
        packages.stream()
            .filter(p -> !Files.exists(p.resolve("package-info.java")))
            .forEach(p -> missing.add(src.relativize(p).toString()));
      }
    }
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }

  @Test
  void noPackageCycle() {
    Map<String, Set<String>> deps = packageDependencies();
    assertThat(deps).containsKeys("io.callwise.scoring", "io.callwise.jobs.scoring");
    assertThat(cycles(deps)).as("package cycles").isEmpty();
  }

  static final Pattern EDGE =
      Pattern.compile(
          "^\\s+(io\\.callwise[\\w.$]*)\\s+->\\s+(io\\.callwise[\\w.$]*)\\s", Pattern.MULTILINE);

  /** package → the callwise packages its classes use, from the compiled classes. */
  static Map<String, Set<String>> packageDependencies() {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("-verbose:class", "-filter:none"));
    MODULES.forEach(m -> args.add(module(m).resolve("target/classes").toString()));
    int rc =
        jdeps.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err,
            args.toArray(String[]::new));
    assertThat(rc).as("jdeps").isZero();
    Map<String, Set<String>> deps = new TreeMap<>();
    Matcher m = EDGE.matcher(out.toString(StandardCharsets.UTF_8));
    while (m.find()) {
      String from = packageOf(m.group(1));
      String to = packageOf(m.group(2));
      deps.computeIfAbsent(from, k -> new TreeSet<>());
      if (!from.equals(to)) {
        deps.get(from).add(to);
      }
    }
    return deps;
  }

  static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }

  /** Each cycle as its packages (the strongly connected components of more than one package). */
  static List<Set<String>> cycles(Map<String, Set<String>> deps) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<Set<String>> out = new ArrayList<>();
    for (String p : deps.keySet()) {
      if (!index.containsKey(p)) {
        connect(p, deps, index, low, stack, out);
      }
    }
    return out;
  }

  private static void connect(
      String p,
      Map<String, Set<String>> deps,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      List<Set<String>> out) {
    index.put(p, index.size());
    low.put(p, index.get(p));
    stack.push(p);
    for (String q : deps.getOrDefault(p, Set.of())) {
      if (!index.containsKey(q)) {
        connect(q, deps, index, low, stack, out);
        low.put(p, Math.min(low.get(p), low.get(q)));
      } else if (stack.contains(q)) {
        low.put(p, Math.min(low.get(p), index.get(q)));
      }
    }
    if (low.get(p).equals(index.get(p))) {
      Set<String> component = new TreeSet<>();
      String q;
      do {
        q = stack.pop();
        component.add(q);
      } while (!q.equals(p));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }
}
