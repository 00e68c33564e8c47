package dev.slmmesh.cli.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the arguments after the command name against its {@link CommandSpec}. A small hand parser
 * instead of picocli: picocli's jar is Java 5 bytecode, which class-data sharing cannot archive,
 * and loading it costs about 150 ms per run here (docs/cli.md, "Start-up"). Rules: options
 * anywhere, {@code --opt value} or {@code --opt=value}, {@code --} ends options.
 */
public final class ArgParser {
  private ArgParser() {}

  public static Parsed parse(CommandSpec spec, List<String> tokens) {
    List<String> args = new ArrayList<>();
    Map<String, List<String>> options = new LinkedHashMap<>();
    boolean optionsEnded = false;
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (optionsEnded || !token.startsWith("-") || token.equals("-")) {
        args.add(token);
        continue;
      }
      if (token.equals("--")) {
        optionsEnded = true;
        continue;
      }
      String name = token;
      String inline = null;
      int eq = token.indexOf('=');
      if (token.startsWith("--") && eq > 2) {
        name = token.substring(0, eq);
        inline = token.substring(eq + 1);
      }
      OptionSpec option = find(spec, name);
      List<String> values = options.computeIfAbsent(option.name(), k -> new ArrayList<>());
      if (!option.takesValue()) {
        if (inline != null) {
          throw CliException.usage(option.name() + " takes no value" + hint(spec));
        }
        values.add("");
        continue;
      }
      String value = inline;
      if (value == null) {
        if (i + 1 >= tokens.size()) {
          throw CliException.usage(
              option.name() + " needs a value (" + option.valueName() + ")" + hint(spec));
        }
        value = tokens.get(++i);
      }
      if (!option.repeatable() && !values.isEmpty()) {
        throw CliException.usage(option.name() + " given twice" + hint(spec));
      }
      values.add(value);
    }
    Parsed parsed = new Parsed(args, options);
    if (!parsed.has(CommandSpec.HELP.name())) {
      checkCount(spec, args.size());
    }
    return parsed;
  }

  private static OptionSpec find(CommandSpec spec, String token) {
    Optional<OptionSpec> option = spec.option(token);
    if (option.isEmpty()) {
      throw CliException.usage(
          "unknown option " + token + " for '" + spec.name() + "'" + hint(spec));
    }
    return option.get();
  }

  private static void checkCount(CommandSpec spec, int count) {
    if (count < spec.minArgs()) {
      throw CliException.usage(
          "'"
              + spec.name()
              + "' needs more arguments: "
              + String.join(" | ", spec.synopsis())
              + hint(spec));
    }
    if (spec.maxArgs() >= 0 && count > spec.maxArgs()) {
      throw CliException.usage(
          "too many arguments for '"
              + spec.name()
              + "': "
              + String.join(" | ", spec.synopsis())
              + hint(spec));
    }
  }

  public static String hint(CommandSpec spec) {
    return " (see: slm-mesh " + spec.name() + " --help)";
  }
}
