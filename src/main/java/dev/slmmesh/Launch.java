package dev.slmmesh;

import dev.slmmesh.cli.Cli;
import dev.slmmesh.cli.Training;
import dev.slmmesh.client.ArchiveCheck;
import dev.slmmesh.client.BrokerLauncher;
import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.BrokerDaemon;
import dev.slmmesh.daemon.DaemonMain;
import dev.slmmesh.daemon.StoreMigrateCommand;
import dev.slmmesh.mcp.McpMain;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** Chooses the role of this process from its first argument. */
final class Launch {
  /** What an agent sends first; the training run feeds it to an MCP server (bin/slm-mesh). */
  private static final String MCP_SESSION =
      String.join(
          "\n",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
              + "\"capabilities\":{},\"clientInfo\":{\"name\":\"slm-mesh-training\",\"version\":\"1\"}}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"mesh_peers\",\"arguments\":{}}}",
          "");

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
      return train();
    }
    if ("store".equals(command)) { // copying a store needs the store package: not a CLI command
      return StoreMigrateCommand.run(java.util.List.of(args), config, System.out, System.err);
    }
    // everything else is the CLI; its 'start' runs the broker in this process, attended when a
    // person runs it in a terminal (then it stays up until Ctrl-C)
    return Cli.run(
        args, config, () -> DaemonMain.run(config, System.console() != null, System.err));
  }

  /**
   * The class-data-sharing training run of bin/slm-mesh: a throw-away broker in a temporary
   * directory, the everyday CLI commands against it, and one MCP session, so that the archive
   * written at exit holds the classes of all three roles.
   */
  private static int train() {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("slm-mesh-train");
      Config config =
          Config.defaults(scratch.resolve("data"))
              .withPort(0)
              .withTimers(Config.HEARTBEAT, Config.STALE, Config.DEAD, Duration.ZERO);
      try (BrokerDaemon broker = BrokerDaemon.start(config)) {
        Config client = config.withPort(broker.port());
        Training.exercise(client, scratch);
        McpMain.run(
            client,
            new ByteArrayInputStream(MCP_SESSION.getBytes(StandardCharsets.UTF_8)),
            OutputStream.nullOutputStream());
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      System.err.println("slm-mesh: training run failed: " + e);
      return 1;
    } finally {
      deleteTree(scratch);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("slm-mesh: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
