package dev.slmmesh.cli.args;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A command line after parsing: positional arguments and option values in the order given. */
public final class Parsed {
  private final List<String> args;
  private final Map<String, List<String>> options;

  Parsed(List<String> args, Map<String, List<String>> options) {
    this.args = List.copyOf(args);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    options.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.options = copy;
  }

  public List<String> args() {
    return args;
  }

  public String arg(int index) {
    return args.get(index);
  }

  public boolean has(String option) {
    return options.containsKey(option);
  }

  public Optional<String> value(String option) {
    List<String> values = options.get(option);
    return values == null || values.isEmpty()
        ? Optional.empty()
        : Optional.of(values.get(values.size() - 1));
  }

  public List<String> values(String option) {
    return options.getOrDefault(option, List.of());
  }

  /** An integer option in {@code min..max}; a usage error names the option otherwise. */
  public Optional<Integer> integer(String option, int min, int max) {
    Optional<String> raw = value(option);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      int v = Integer.parseInt(raw.get().trim());
      if (v < min || v > max) {
        throw CliException.usage(option + " must be between " + min + " and " + max + ", got " + v);
      }
      return Optional.of(v);
    } catch (NumberFormatException e) {
      throw CliException.usage(option + " must be a whole number, got \"" + raw.get() + "\"");
    }
  }
}
