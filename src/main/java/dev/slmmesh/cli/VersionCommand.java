package dev.slmmesh.cli;

import dev.slmmesh.config.Config;
import java.util.List;

/** {@code slm-mesh version}: the version every component reports (the original's, for clients). */
final class VersionCommand implements Command {
  @Override
  public CommandSpec spec() {
    return new CommandSpec("version", "print the version",
        List.of("version"),
        "Prints the protocol version this mesh reports on /health, /status and to MCP clients.",
        List.of(), 0, 0);
  }

  @Override
  public int run(Invocation call) {
    if (call.out().json()) {
      call.out().document(Mesh.body().put("ok", true).put("version", Config.VERSION));
    } else {
      call.out().line(Config.VERSION);
    }
    return ExitCode.OK;
  }
}
