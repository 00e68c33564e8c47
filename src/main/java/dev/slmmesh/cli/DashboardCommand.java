package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code slm-mesh dashboard [--open]}: asks the broker (with this data directory's bearer token)
 * for a one-time login link to its web dashboard and prints it; {@code --open} also hands it to the
 * desktop's browser. The link holds a short-lived code, never the token.
 */
final class DashboardCommand implements Command {

  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "dashboard",
        "print a one-time login link to the web dashboard",
        List.of("dashboard [--open]"),
        "Prints a login link to the broker's live web dashboard (peers, messages, locks, state,\n"
            + "events; send as yourself (cli), release locks, edit state). The link works once, within\n"
            + "2 minutes, and only from this machine; it logs the browser in with a session cookie.\n"
            + "--open also opens it in the default browser (xdg-open, or open on macOS).",
        List.of(OptionSpec.flag("--open", "open the link in the default browser")),
        0,
        0);
  }

  @Override
  public int run(Invocation call) {
    ObjectNode answer = call.mesh().require("/dashboard/api/login-code", Mesh.body());
    String url = answer.path("url").asText();
    if (call.out().json()) {
      call.out().document(answer);
    } else {
      call.out().line(url);
      call.out()
          .note("One-time link, valid for " + answer.path("expiresInSeconds").asLong() + " s.");
    }
    if (call.parsed().has("--open")) {
      open(call, url);
    }
    return ExitCode.OK;
  }

  private static void open(Invocation call, String url) {
    boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
    List<String> command = List.of(mac ? "open" : "xdg-open", url);
    try {
      new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw CliException.refused(
          "Could not open a browser ("
              + command.get(0)
              + ": "
              + e.getMessage()
              + "); open the link above yourself.");
    }
  }
}
