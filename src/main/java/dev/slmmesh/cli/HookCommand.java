package dev.slmmesh.cli;

import dev.slmmesh.base.Threads;
import dev.slmmesh.cli.args.ArgParser;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.setup.ClientDescriptor;
import dev.slmmesh.setup.HookScripts;
import dev.slmmesh.setup.KnownClients;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code slm-mesh hook <client> [--event NAME]}: the older way to run a hook, kept for settings
 * written by earlier versions. It runs the same {@code sh} script that {@code setup} now installs
 * (docs/hooks.md), with this process's stdin, stdout and stderr, so both show a message once and
 * only to its own session. A hook never fails the agent: exit 0 (2 only for a wrong command line,
 * and when the script itself asks the client to act on its stderr).
 */
final class HookCommand implements Command {
  @Override
  public String name() {
    return "hook";
  }

  /** The clients that run hook commands. */
  static List<String> clients() {
    return KnownClients.withHooks().stream().map(ClientDescriptor::id).toList();
  }

  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        name(),
        "run this session's hook for an agent client",
        List.of("hook " + String.join("|", clients()) + " [--event NAME]"),
        "Run by an agent client. 'slm-mesh setup' now installs the hooks as small sh scripts in\n"
            + "<data dir>/hooks (no JVM per hook); this command runs the same script, for settings\n"
            + "written by earlier versions. It reads the hook's JSON input on stdin, finds this\n"
            + "session by process ancestry, and prints its unread messages in the client's hook\n"
            + "format. Prints nothing when the session is not found or has no mail. Given as Codex\n"
            + "'notify' (a JSON argument), it does nothing: Codex discards notify output.",
        List.of(
            OptionSpec.value("--event", "NAME", "the hook event, when the input does not name it")),
        1,
        2);
  }

  @Override
  public int run(Invocation call) {
    String client = call.parsed().arg(0);
    if (!clients().contains(client)) {
      throw CliException.usage(
          "hook: unknown client \"" + client + "\"; use " + String.join(", ", clients()));
    }
    if (call.parsed().args().size() == 2) {
      if (!client.equals("codex")) {
        throw CliException.usage(
            "hook " + client + " takes no argument besides the client" + ArgParser.hint(spec()));
      }
      return ExitCode.OK; // Codex notify: its output is discarded
    }
    Context ctx = call.context();
    try {
      Path script = HookScripts.install(ctx.config().files());
      List<String> command = new ArrayList<>(List.of("sh", script.toString(), client));
      call.parsed().value("--event").ifPresent(command::add);
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().put("SLM_MESH_DATA_DIR", ctx.config().dataDir().toString());
      Process hook = pb.start();
      Threads.start("hook-input", () -> feed(ctx.in(), hook.getOutputStream()));
      java.util.concurrent.CompletableFuture<byte[]> err =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(hook.getErrorStream()));
      ctx.out().write(hook.getInputStream().readAllBytes());
      ctx.out().flush();
      ctx.err().write(err.join());
      ctx.err().flush();
      return hook.waitFor() == 2 ? 2 : ExitCode.OK;
    } catch (IOException e) {
      call.out().note("slm-mesh hook: " + e.getMessage());
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.OK;
    }
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Hands this command's stdin to the script, then closes it (at most 1 MiB). */
  private static void feed(java.io.InputStream in, java.io.OutputStream to) {
    try (to) {
      to.write(in.readNBytes(1 << 20));
    } catch (IOException e) {
      // the script ended first, or there is no input: it reads what came
    }
  }
}
