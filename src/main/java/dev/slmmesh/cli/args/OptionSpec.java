package dev.slmmesh.cli.args;

import org.jspecify.annotations.Nullable;

/**
 * One option of a command: {@code --name VALUE} (or {@code --name=VALUE}) when {@code valueName} is
 * set, a flag otherwise; {@code shortName} is an optional one-letter alias such as {@code -f}.
 */
public record OptionSpec(
    String name,
    @Nullable String shortName,
    @Nullable String valueName,
    String help,
    boolean repeatable) {

  public OptionSpec {
    if (!name.startsWith("--")) {
      throw new IllegalArgumentException("option name must start with --: " + name);
    }
  }

  public static OptionSpec flag(String name, String help) {
    return new OptionSpec(name, null, null, help, false);
  }

  public static OptionSpec flag(String name, String shortName, String help) {
    return new OptionSpec(name, shortName, null, help, false);
  }

  public static OptionSpec value(String name, String valueName, String help) {
    return new OptionSpec(name, null, valueName, help, false);
  }

  public static OptionSpec repeatable(String name, String valueName, String help) {
    return new OptionSpec(name, null, valueName, help, true);
  }

  boolean takesValue() {
    return valueName != null;
  }

  /** How the option appears in help: {@code -f, --follow} or {@code --from ID}. */
  String label() {
    String head = shortName == null ? name : shortName + ", " + name;
    return valueName == null ? head : head + " " + valueName;
  }
}
