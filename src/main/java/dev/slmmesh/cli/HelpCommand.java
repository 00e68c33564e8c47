package dev.slmmesh.cli;

import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.Help;
import java.util.List;

/** {@code slm-mesh help [command]}. */
final class HelpCommand implements Command {
  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "help",
        "show help for all commands or one",
        List.of("help [command]"),
        "Shows the list of commands, or the synopsis, description and options of one.",
        List.of(),
        0,
        1);
  }

  @Override
  public int run(Invocation call) {
    List<String> args = call.parsed().args();
    List<String> lines;
    if (args.isEmpty()) {
      lines = Help.overview(Commands.all().values().stream().map(Command::spec).toList());
    } else {
      Command c = Commands.all().get(args.get(0));
      if (c == null) {
        throw CliException.usage("no command '" + args.get(0) + "' (see: slm-mesh --help)");
      }
      lines = Help.of(c.spec());
    }
    lines.forEach(call.out().out()::println);
    return ExitCode.OK;
  }
}
