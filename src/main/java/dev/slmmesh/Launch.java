package dev.slmmesh;

import dev.slmmesh.cli.Cli;
import dev.slmmesh.cli.Training;
import dev.slmmesh.client.ArchiveCheck;
import dev.slmmesh.client.BrokerLauncher;
import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.DaemonMain;
import dev.slmmesh.daemon.StoreMigrateCommand;
import dev.slmmesh.mcp.McpMain;

/** Chooses the role of this process from its first argument. */
final class Launch {
  private Launch() {}

  static int run(String[] args) {
    String command = args.length == 0 ? "" : args[0];
    if (!"cds-train".equals(command)) {
      ArchiveCheck.check(System.getenv(BrokerLauncher.CDS_ARCHIVE), ArchiveCheck.MAPS, System.err);
    }
    if ("start".equals(command)) {
      DaemonMain
          .warmUp(); // the broker: its server classes load while the main thread sets up logging
    }
    Config config;
    try {
      config = Config.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("slm-mesh: " + e.getMessage());
      return 2;
    }
    // no arguments and stdin not a terminal: an agent launched us as its MCP server
    if ("mcp".equals(command) || (args.length == 0 && System.console() == null)) {
      return McpMain.stdio(config);
    }
    if ("cds-train".equals(command)) {
      return Training.run(java.util.List.of(args).subList(1, args.length), System.err);
    }
    if ("store".equals(command)) { // copying a store needs the store package: not a CLI command
      return StoreMigrateCommand.run(java.util.List.of(args), config, System.out, System.err);
    }
    // everything else is the CLI; its 'start' runs the broker in this process, attended when a
    // person runs it in a terminal (then it stays up until Ctrl-C)
    return Cli.run(
        args, config, () -> DaemonMain.run(config, System.console() != null, System.err));
  }
}
