package dev.slmmesh.cli.args;

import java.util.List;
import java.util.Optional;

/**
 * What a command accepts and how it explains itself: the synopsis lines shown in help, a
 * description, its options and how many positional arguments it takes ({@code maxArgs < 0}: any
 * number). {@code --json} and {@code -h/--help} are accepted by every command.
 */
public record CommandSpec(
    String name,
    String summary,
    List<String> synopsis,
    String description,
    List<OptionSpec> options,
    int minArgs,
    int maxArgs) {

  public static final OptionSpec JSON =
      OptionSpec.flag("--json", "print the broker's JSON (or {\"ok\":false,\"error\":...})");
  public static final OptionSpec HELP = OptionSpec.flag("--help", "-h", "show this help");

  public CommandSpec {
    synopsis = List.copyOf(synopsis);
    options = List.copyOf(options);
  }

  Optional<OptionSpec> option(String token) {
    if (JSON.name().equals(token)) {
      return Optional.of(JSON);
    }
    if (HELP.name().equals(token) || "-h".equals(token)) {
      return Optional.of(HELP);
    }
    return options.stream()
        .filter(o -> o.name().equals(token) || token.equals(o.shortName()))
        .findFirst();
  }
}
