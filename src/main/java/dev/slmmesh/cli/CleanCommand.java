package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.client.BrokerUnavailableException;
import dev.slmmesh.client.MeshRefusedException;
import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.wire.Peer;
import dev.slmmesh.wire.PeerApi;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code slm-mesh clean}: removes dead peer sockets, and stops MCP servers of this data directory
 * that the broker does not know (orphans). A process is stopped only when its command line proves
 * it is our MCP server, its environment proves it works on this data directory, it is older than
 * the registration grace, it is not this process, and the broker answered {@code /peers} without
 * it. Without an answer from the broker no process is touched (fixing a defect of the original).
 */
final class CleanCommand implements Command {
  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "clean",
        "remove dead sockets and orphaned MCP servers",
        List.of("clean [--dry-run]"),
        "Removes *.sock files in the peer directories that nobody listens on, and stops MCP\n"
            + "servers of this data directory that are not registered with the broker. A process is\n"
            + "only stopped when its command line shows it is SLM Mesh's MCP server, its environment\n"
            + "shows this data directory, it has run longer than twice the stale time, and the\n"
            + "broker answered without it; a process that merely mentions slm-mesh is never touched.",
        List.of(OptionSpec.flag("--dry-run", "only report what would be removed or stopped")),
        0,
        0);
  }

  @Override
  public int run(Invocation call) {
    Context ctx = call.context();
    boolean dryRun = call.parsed().has("--dry-run");
    call.out().note("Scanning for stale sockets and orphaned MCP servers...");
    List<Path> sockets = dryRun ? staleOnly(dirs(ctx)) : StaleSockets.sweep(dirs(ctx));
    List<Long> stopped = new ArrayList<>();
    Optional<Set<Long>> registered = registeredPids(call);
    if (registered.isEmpty()) {
      call.out()
          .note(
              "The broker did not answer: no process is stopped (registration cannot be checked).");
    } else {
      for (ProcessView p : orphans(ctx, registered.get())) {
        if (dryRun || ctx.processes().terminate(p.pid())) {
          stopped.add(p.pid());
        }
      }
    }
    report(call.out(), dryRun, sockets, stopped);
    return ExitCode.OK;
  }

  static List<Path> dirs(Context ctx) {
    DataDir files = ctx.config().files();
    return List.of(files.peers(), DataDir.fallbackPeers(ctx.tmpDir(), SecureFiles.uid()));
  }

  private static List<Path> staleOnly(List<Path> dirs) {
    List<Path> out = new ArrayList<>();
    for (Path dir : dirs) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.sock")) {
        entries.forEach(
            e -> {
              if (StaleSockets.dead(e)) {
                out.add(e);
              }
            });
      } catch (IOException e) {
        // missing or unreadable: nothing to report there
      }
    }
    return out;
  }

  private static Optional<Set<Long>> registeredPids(Invocation call) {
    try {
      Set<Long> pids = new HashSet<>();
      for (Peer p : call.api().peers(PeerApi.PeersQuery.scope("machine")).peers()) {
        pids.add(p.pid());
      }
      return Optional.of(pids);
    } catch (BrokerUnavailableException | MeshRefusedException e) {
      return Optional.empty();
    }
  }

  /**
   * Our MCP servers on this data directory, past the grace period, that the broker does not list.
   */
  static List<ProcessView> orphans(Context ctx, Set<Long> registered) {
    ProcessTable table = ctx.processes();
    Duration grace = ctx.config().staleAfter().multipliedBy(2);
    Instant cutoff = Instant.now().minus(grace);
    Path ours = ctx.config().dataDir().toAbsolutePath().normalize();
    List<ProcessView> out = new ArrayList<>();
    for (ProcessView p : table.all()) {
      boolean mcp =
          OurProcesses.role(p.argv()).filter(r -> r == OurProcesses.Role.MCP_SERVER).isPresent();
      if (!mcp || p.pid() == table.self() || registered.contains(p.pid())) {
        continue;
      }
      if (p.started() == null || p.started().isAfter(cutoff)) {
        continue; // may still be registering
      }
      if (OurProcesses.dataDir(table.environment(p.pid())).filter(ours::equals).isPresent()) {
        out.add(p);
      }
    }
    return out;
  }

  private static void report(Output out, boolean dryRun, List<Path> sockets, List<Long> stopped) {
    if (out.json()) {
      ObjectNode doc =
          Mesh.body()
              .put("ok", true)
              .put("killed", stopped.size())
              .put("socksCleaned", sockets.size());
      ArrayNode pids = doc.putArray("killedPids");
      stopped.forEach(pids::add);
      ArrayNode paths = doc.putArray("removedSockets");
      sockets.forEach(s -> paths.add(s.toString()));
      doc.put("dryRun", dryRun);
      out.document(doc);
      return;
    }
    String verb = dryRun ? "Would remove" : "Removed";
    sockets.forEach(s -> out.line("  " + verb + " stale socket " + s));
    stopped.forEach(
        pid ->
            out.line(
                "  "
                    + (dryRun ? "Would stop" : "Stopped")
                    + " MCP server PID "
                    + pid
                    + " (not registered with the broker)"));
    out.line(
        (dryRun ? "Dry run: " : "Done: ")
            + Formats.count(stopped.size(), "process", "processes")
            + (dryRun ? " would be" : "")
            + " stopped, "
            + Formats.count(sockets.size(), "stale socket")
            + (dryRun ? " would be" : "")
            + " removed.");
  }
}
