package dev.slmmesh;

import dev.slmmesh.config.Config;
import dev.slmmesh.mcp.McpMain;

/** Chooses the role of this process from its arguments. */
final class Launch {
  private Launch() {}

  static int run(String[] args) {
    boolean noArgsPiped = args.length == 0 && System.console() == null;
    if (noArgsPiped || (args.length > 0 && args[0].equals("mcp"))) {
      return McpMain.stdio(Config.fromEnvironment());
    }
    System.err.println("slm-mesh: not implemented yet");
    return 2;
  }
}
