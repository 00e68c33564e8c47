package dev.slmmesh.cli.args;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The help texts: the command list, and each command's synopsis, description and options. */
public final class Help {
  static final String EXIT_CODES =
      "Exit codes: 0 ok, 1 refused (by the broker, a check or a config file), 2 usage error,"
          + " 3 broker unreachable.";

  /** The width {@link #wrap} fills, that of the hand-broken descriptions. */
  static final int WIDTH = 88;

  private Help() {}

  public static List<String> overview(Collection<CommandSpec> commands) {
    List<String> lines = new ArrayList<>();
    lines.add("Usage: slm-mesh <command> [arguments] [--json]");
    lines.add("");
    lines.add("SLM Mesh lets AI coding agents on this machine find each other and coordinate:");
    lines.add("peers, messages, shared state, file locks and events, through one local broker.");
    lines.add("With no command: serve MCP on stdio when stdin is not a terminal (how agents");
    lines.add("start it), otherwise start the broker if needed and print its status.");
    lines.add("");
    lines.add("Commands:");
    int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(8);
    for (CommandSpec c : commands) {
      String name = c.name();
      lines.add("  " + name + " ".repeat(width - name.length() + 2) + c.summary());
    }
    lines.add("");
    lines.add("Global options:");
    lines.add(
        "  --json         print JSON on stdout (the broker's answer, or {\"ok\":false,\"error\":...})");
    lines.add("  -h, --help     show help (also: slm-mesh help <command>)");
    lines.add("  -V, --version  print the version");
    lines.add("");
    lines.add(EXIT_CODES);
    lines.add("Run 'slm-mesh <command> --help' for the options of a command.");
    return lines;
  }

  /**
   * {@code text} as lines of at most {@value #WIDTH} characters, broken at spaces but never inside
   * a {@code <placeholder>}.
   */
  public static String wrap(String text) {
    StringBuilder out = new StringBuilder();
    int lineStart = 0;
    for (String word : text.split(" (?![^<>]*>)")) {
      if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > WIDTH) {
        out.append('\n');
        lineStart = out.length();
      } else if (out.length() > lineStart) {
        out.append(' ');
      }
      out.append(word);
    }
    return out.toString();
  }

  public static List<String> of(CommandSpec spec) {
    List<String> lines = new ArrayList<>();
    boolean first = true;
    for (String s : spec.synopsis()) {
      lines.add((first ? "Usage: " : "       ") + "slm-mesh " + s);
      first = false;
    }
    lines.add("");
    lines.addAll(List.of(spec.description().split("\n", -1)));
    List<OptionSpec> options = new ArrayList<>(spec.options());
    options.add(CommandSpec.JSON);
    options.add(CommandSpec.HELP);
    int width = options.stream().mapToInt(o -> o.label().length()).max().orElse(10);
    lines.add("");
    lines.add("Options:");
    for (OptionSpec o : options) {
      lines.add("  " + o.label() + " ".repeat(width - o.label().length() + 2) + o.help());
    }
    lines.add("");
    lines.add(EXIT_CODES);
    return lines;
  }
}
