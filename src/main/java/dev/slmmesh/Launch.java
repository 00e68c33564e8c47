package dev.slmmesh;

import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.DaemonMain;
import dev.slmmesh.mcp.McpMain;

/** Chooses the role of this process from its first argument. */
final class Launch {
  private Launch() {}

  static int run(String[] args) {
    String command = args.length == 0 ? "" : args[0];
    Config config;
    try {
      config = Config.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("slm-mesh: " + e.getMessage());
      return 2;
    }
    if ("start".equals(command)) {
      return DaemonMain.run(config, System.err);
    }
    if ("discover".equals(command)) {
      return Discover.run(System.out);
    }
    // no arguments and stdin not a terminal: an agent launched us as its MCP server
    if ("mcp".equals(command) || (args.length == 0 && System.console() == null)) {
      return McpMain.stdio(config);
    }
    System.err.println("usage: slm-mesh start | slm-mesh mcp | slm-mesh discover");
    return 2;
  }
}
