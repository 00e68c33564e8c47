package dev.slmmesh.cli;

import dev.slmmesh.cli.args.CommandSpec;

/**
 * One {@code slm-mesh} subcommand: declares its arguments, then runs with them parsed and returns
 * an exit code ({@code ExitCode}). Failures are thrown as {@code CliException} (or the client's
 * {@code BrokerUnavailableException}) and printed by {@link Cli}, never here.
 */
interface Command {
  CommandSpec spec();

  /**
   * The command's name, as in its spec. A command whose spec reads more than constants (the client
   * list of {@code setup} and {@code hook}) overrides it, so that finding a command by name never
   * builds that spec: every run of the CLI looks up every command.
   */
  default String name() {
    return spec().name();
  }

  int run(Invocation call);
}
