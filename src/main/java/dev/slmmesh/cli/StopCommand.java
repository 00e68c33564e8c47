package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.client.BrokerUnavailableException;
import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.wire.StatusApi;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code slm-mesh stop}: sends SIGTERM to the broker of this data directory, but only to a process
 * proven to be it (fixing a defect of the original, PID reuse): the PID file names it, its command
 * line is our program with {@code start}, and the broker answering with this directory's token
 * reports that very PID. Then waits, bounded, for it to exit.
 */
final class StopCommand implements Command {
  static final long WAIT_MILLIS = 10_000;

  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "stop",
        "stop the broker of this data directory",
        List.of("stop"),
        "Stops the running broker (SIGTERM, then waits up to 10 s). Only a process proven to be\n"
            + "this data directory's broker is signalled: the PID file names it, its command line\n"
            + "is SLM Mesh's 'start', and the broker answering with this directory's token reports\n"
            + "the same PID. Exit 3 when no broker runs, 1 when the process cannot be proven ours\n"
            + "or did not stop.",
        List.of(),
        0,
        0);
  }

  @Override
  public int run(Invocation call) {
    Context ctx = call.context();
    DataDir files = ctx.config().files();
    long pid = pidFromFile(files.pid());
    Optional<ProcessView> process = ctx.processes().find(pid);
    if (process.isEmpty()) {
      throw CliException.unreachable(
          "Broker process " + pid + " is not running (stale PID file " + files.pid() + ").");
    }
    prove(call, pid, process.get());
    if (!ctx.processes().terminate(pid) && ctx.processes().find(pid).isPresent()) {
      throw CliException.refused("Could not signal broker process " + pid + ".");
    }
    boolean stopped = ctx.processes().awaitExit(pid, WAIT_MILLIS);
    if (!stopped) {
      throw CliException.refused(
          "Sent SIGTERM to broker (PID "
              + pid
              + "), but it is still running after "
              + WAIT_MILLIS / 1000
              + " s.");
    }
    if (call.out().json()) {
      ObjectNode doc = Mesh.body().put("ok", true);
      doc.putObject("data").put("pid", pid).put("stopped", true);
      call.out().document(doc);
    } else {
      call.out().line("Broker (PID " + pid + ") stopped.");
    }
    return ExitCode.OK;
  }

  static long pidFromFile(Path file) {
    String text =
        SecureFiles.read(file)
            .orElseThrow(
                () ->
                    CliException.unreachable(
                        "No broker PID file found (" + file + "). Is the broker running?"));
    try {
      long pid = Long.parseLong(text);
      if (pid > 1) {
        return pid;
      }
    } catch (NumberFormatException e) {
      // reported below with the file's contents
    }
    throw CliException.refused("The PID file " + file + " holds no process id: \"" + text + "\"");
  }

  private static void prove(Invocation call, long pid, ProcessView process) {
    Optional<OurProcesses.Role> role = OurProcesses.role(process.argv());
    if (role.isEmpty() || role.get() != OurProcesses.Role.BROKER) {
      throw CliException.refused(
          "Process "
              + pid
              + " (from "
              + call.context().config().files().pid()
              + ") is not an SLM Mesh broker: its command line is '"
              + String.join(" ", process.argv())
              + "'. Not signalled; the PID file is probably stale.");
    }
    StatusApi.Status status;
    try {
      status = call.api().status();
    } catch (BrokerUnavailableException e) {
      throw CliException.refused(
          "Process "
              + pid
              + " looks like a broker, but no broker answers with this"
              + " data directory's token ("
              + e.getMessage()
              + "). Not signalled; if it hangs, use: kill "
              + pid);
    }
    long reported = status.pid();
    if (reported != pid) {
      throw CliException.refused(
          "The broker answering on port "
              + status.port()
              + " reports PID "
              + reported
              + ", not "
              + pid
              + " from the PID file. Not signalled.");
    }
  }
}
