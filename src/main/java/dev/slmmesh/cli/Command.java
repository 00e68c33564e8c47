package dev.slmmesh.cli;

import dev.slmmesh.cli.args.CommandSpec;

/**
 * One {@code slm-mesh} subcommand: declares its arguments, then runs with them parsed and
 * returns an exit code ({@link ExitCode}). Failures are thrown as {@link CliException} (or the
 * client's {@code BrokerUnavailableException}) and printed by {@link Cli}, never here.
 */
interface Command {
  CommandSpec spec();

  int run(Invocation call);
}
