package dev.slmmesh.cli;

import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.config.BuildInfo;
import dev.slmmesh.config.Config;
import java.util.List;

/**
 * {@code slm-mesh version}: this build's version and the protocol version every component reports
 * (the original's, for its clients), each labelled.
 */
final class VersionCommand implements Command {
  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "version",
        "print the version",
        List.of("version"),
        "Prints this build's version and the protocol version the mesh reports on /health,\n"
            + "/status and to MCP clients (the original SLM Mesh's, which its clients expect).",
        List.of(),
        0,
        0);
  }

  @Override
  public int run(Invocation call) {
    if (call.out().json()) {
      call.out()
          .document(
              Mesh.body()
                  .put("ok", true)
                  .put("version", Config.VERSION)
                  .put("build", BuildInfo.version()));
    } else {
      call.out().line("slm-mesh " + BuildInfo.version() + " (build)");
      call.out()
          .line(
              "protocol " + Config.VERSION + " (reported on /health, /status and to MCP clients)");
    }
    return ExitCode.OK;
  }
}
