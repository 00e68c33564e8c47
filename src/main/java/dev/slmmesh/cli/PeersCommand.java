package dev.slmmesh.cli;

import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.wire.Peer;
import dev.slmmesh.wire.PeerApi;
import dev.slmmesh.wire.Presence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code slm-mesh peers [--scope S]}: the active peers ({@code POST /peers}). */
final class PeersCommand implements Command {
  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "peers",
        "list the active agent sessions",
        List.of("peers [--scope machine|mesh|directory|repo]"),
        "Lists the active peers (agent sessions) with their name, id, agent, delivery path\n"
            + "(channel, hook, piggyback or poll), whether the broker's push link to them is up,\n"
            + "what it is doing (working, idle or waiting for its human, and for how long), whether\n"
            + "a message can wake it while idle, PID, git branch and project directory. --scope directory keeps the peers working\n"
            + "in the current directory, --scope repo those in the current git repository.",
        List.of(
            OptionSpec.value(
                "--scope", "S", "machine (default), mesh (every machine), directory or repo")),
        0,
        0);
  }

  @Override
  public int run(Invocation call) {
    String scope = call.parsed().value("--scope").orElse("machine");
    Path cwd = call.context().cwd();
    String projectPath = null;
    String root = null;
    if (scope.equals("directory")) {
      projectPath = cwd.toString();
    } else if (scope.equals("repo")) {
      Path git = gitRoot(cwd);
      if (git == null) {
        throw CliException.usage("--scope repo: " + cwd + " is not inside a git repository");
      }
      root = git.toString();
    } else if (!scope.equals("machine") && !scope.equals("mesh")) {
      throw CliException.usage(
          "--scope must be machine, mesh, directory or repo, got \"" + scope + "\"");
    }
    PeerApi.PeerList answer =
        call.api().peers(new PeerApi.PeersQuery(scope, projectPath, root, null, null));
    if (call.out().json()) {
      call.out().document(answer);
      return ExitCode.OK;
    }
    Table table =
        new Table(
            List.of(
                "NAME",
                "ID",
                "AGENT",
                "DELIVERY",
                "PUSH",
                "STATE",
                "WAKE",
                "PID",
                "BRANCH",
                "PROJECT",
                "SUMMARY"),
            24,
            36,
            12,
            9,
            4,
            14,
            4,
            8,
            24,
            40,
            0);
    Instant now = Instant.now();
    for (Peer p : answer.peers()) {
      table.row(
          p.name(),
          p.id(),
          p.agentType(),
          p.deliveryPath() == null ? "-" : p.deliveryPath(),
          push(p),
          state(p.presence(), now),
          wake(p.presence()),
          Long.toString(p.pid()),
          p.gitBranch() != null ? p.gitBranch() : "-",
          p.projectPath(),
          p.summary() == null || p.summary().isEmpty() ? "-" : p.summary());
    }
    if (table.isEmpty()) {
      call.out().line("No active peers");
    } else {
      call.out().table(table);
    }
    return ExitCode.OK;
  }

  private static String push(Peer p) {
    Boolean up = p.pushConnected();
    return up == null ? "-" : up ? "up" : "down";
  }

  /** {@code idle 3m 7s}: the presence and how long it has lasted; {@code -} when not reported. */
  static String state(@Nullable Presence presence, Instant now) {
    if (presence == null) {
      return "-";
    }
    return presence.state()
        + " "
        + Formats.uptime(Math.max(0, Duration.between(presence.since(), now).toSeconds()));
  }

  /** Whether a message can wake the session while it is idle. */
  static String wake(@Nullable Presence presence) {
    return presence == null ? "-" : presence.wakeable() ? "yes" : "no";
  }

  /** The nearest directory at or above {@code dir} holding {@code .git} (a directory or a file). */
  static @Nullable Path gitRoot(Path dir) {
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(".git"))) {
        return d;
      }
    }
    return null;
  }
}
