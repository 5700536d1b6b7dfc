package io.callwise.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every help text callwise prints is complete: descriptions and headers are whole sentences, no
 * list of allowed values is empty, the command list shows each command's whole summary, and an
 * unknown command is a usage error whatever follows it.
 */
class CliHelpTest {

  /** Text ends like a sentence, a list or a parenthesis: not mid-phrase. */
  static final Pattern ENDS_WHOLE = Pattern.compile(".*[.:!?)]$", Pattern.DOTALL);

  /** An empty list of candidates: "values: ." or "one of ()" or a bare placeholder. */
  static final Pattern EMPTY_LIST = Pattern.compile(":\\s*[.)]|\\(\\s*\\)|\\$\\{[A-Z-]+}");

  static List<CommandLine> all(CommandLine root) {
    List<CommandLine> out = new ArrayList<>();
    out.add(root);
    for (CommandLine sub : root.getSubcommands().values()) {
      out.addAll(all(sub));
    }
    return out;
  }

  static String usage(CommandLine cli) {
    StringWriter w = new StringWriter();
    cli.usage(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void everyHelpTextIsCompleteAndListsItsValues() {
    CommandLine root = new CommandLine(new Callwise());
    List<String> problems = new ArrayList<>();
    for (CommandLine cli : all(root)) {
      CommandSpec spec = cli.getCommandSpec();
      String name = spec.qualifiedName();
      List<String> texts = new ArrayList<>();
      texts.addAll(List.of(spec.usageMessage().header()));
      texts.addAll(List.of(spec.usageMessage().description()));
      for (String t : texts) {
        if (!ENDS_WHOLE.matcher(t.replace("%n", "").trim()).matches()) {
          problems.add(name + ": cut sentence '" + t + "'");
        }
      }
      for (ArgSpec arg : spec.args()) {
        for (String d : arg.description()) {
          if (!ENDS_WHOLE.matcher(d.trim()).matches()) {
            problems.add(name + " " + arg + ": cut description '" + d + "'");
          }
        }
        for (String d : arg.renderedDescription()) {
          if (EMPTY_LIST.matcher(d).find()) {
            problems.add(name + " " + arg + ": empty list of values in '" + d + "'");
          }
        }
      }
      if (spec.usageMessage().header().length == 0 && cli != root) {
        problems.add(name + ": no header (the one-line summary the command list shows)");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theCommandListShowsEverySummaryWhole() {
    CommandLine root = new CommandLine(new Callwise());
    // picocli may wrap at a '/', so whitespace is ignored altogether
    String help = usage(root).replaceAll("\\s+", "");
    for (CommandLine sub : root.getSubcommands().values()) {
      String[] header = sub.getCommandSpec().usageMessage().header();
      if (header.length > 0) {
        assertThat(help).contains(header[0].replaceAll("\\s+", ""));
      }
    }
  }

  @Test
  void labelsAreListedWhereALabelIsAsked() {
    CommandLine root = new CommandLine(new Callwise());
    for (String command : List.of("train", "models", "rollback")) {
      assertThat(usage(root.getSubcommands().get(command)).replaceAll("\\s+", " "))
          .as(command)
          .contains("early_warning, no_self_cure");
    }
  }

  @Test
  void anUnknownCommandIsAUsageErrorWhateverFollows() {
    for (String[] args :
        List.of(
            new String[] {"no-such-command"},
            new String[] {"no-such-command", "--help"},
            new String[] {"no-such-command", "-h"})) {
      StringWriter err = new StringWriter();
      int code = Callwise.execute(new PrintWriter(err, true), args);
      assertThat(code).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString()).contains("'no-such-command' is not a command").contains("ingest");
    }
  }
}
