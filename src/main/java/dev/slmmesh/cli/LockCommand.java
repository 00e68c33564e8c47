package dev.slmmesh.cli;

import dev.slmmesh.cli.args.ArgParser;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.Lock;
import dev.slmmesh.wire.LockApi;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.Timestamps;
import dev.slmmesh.wire.WireText;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code slm-mesh lock <file>}, {@code slm-mesh lock list [file]} and {@code slm-mesh unlock
 * <file>} ({@code POST /lock}). Relative paths are made absolute against the current directory, so
 * the broker's normalized key matches what agents lock.
 */
final class LockCommand implements Command {
  private final boolean unlock;

  LockCommand(boolean unlock) {
    this.unlock = unlock;
  }

  @Override
  public CommandSpec spec() {
    OptionSpec peer = OptionSpec.value("--peer-id", "PEER", "act as this peer (default: cli)");
    if (unlock) {
      return new CommandSpec(
          "unlock",
          "release a file lock",
          List.of("unlock <file> [--peer-id PEER]"),
          "Releases a lock held by the CLI (or by --peer-id). Only the holder can unlock.",
          List.of(peer),
          1,
          1);
    }
    return new CommandSpec(
        "lock",
        "take an advisory file lock, or list locks",
        List.of("lock <file> [--reason TEXT] [--ttl MINUTES] [--peer-id PEER]", "lock list [file]"),
        "Takes an advisory lock on a file for --ttl minutes (default: the broker's, 10); the\n"
            + "holder locking again renews it. 'lock list' shows the active locks (of one file if\n"
            + "given). To lock a file named 'list', write ./list.",
        List.of(
            OptionSpec.value("--reason", "TEXT", "why, shown to others who try to lock it"),
            OptionSpec.value(
                "--ttl",
                "MINUTES",
                "lifetime in whole minutes (1.." + MeshLimits.LOCK_TTL_MAX_MINUTES + ")"),
            peer),
        1,
        2);
  }

  @Override
  public int run(Invocation call) {
    List<String> args = call.parsed().args();
    if (!unlock && args.get(0).equals("list")) {
      return list(call, args.size() > 1 ? absolute(call, args.get(1)) : null);
    }
    if (args.size() != 1) {
      throw CliException.usage("too many arguments" + ArgParser.hint(spec()));
    }
    String file = absolute(call, args.get(0));
    String peer =
        call.parsed()
            .value("--peer-id")
            .map(new PeerDirectory(call.api())::resolve)
            .orElse(WireText.CLI_PEER);
    String credential = PeerCredentials.read(call.context().config().files(), peer).orElse(null);
    if (unlock) {
      Answer.Ok answer = call.api().unlock(LockApi.Request.unlock(file, peer, credential));
      call.out().document(answer);
      call.out().line("Unlocked " + file);
      return ExitCode.OK;
    }
    Double ttl =
        call.parsed()
            .integer("--ttl", 1, MeshLimits.LOCK_TTL_MAX_MINUTES)
            .map(Integer::doubleValue)
            .orElse(null);
    LockApi.Granted answer =
        call.api()
            .lock(
                LockApi.Request.lock(
                    file, peer, credential, call.parsed().value("--reason").orElse(null), ttl));
    if (call.out().json()) {
      call.out().document(answer);
    } else {
      Lock lock = answer.lock();
      call.out()
          .line(
              (Boolean.TRUE.equals(answer.renewed()) ? "Renewed lock on " : "Locked ")
                  + (lock.filePath() == null ? file : lock.filePath())
                  + " until "
                  + Timestamps.iso(lock.expiresAt()));
    }
    return ExitCode.OK;
  }

  private static int list(Invocation call, @Nullable String file) {
    LockApi.Locks answer = call.api().locks(LockApi.Request.query(file, null));
    if (call.out().json()) {
      call.out().document(answer);
      return ExitCode.OK;
    }
    PeerDirectory peers = new PeerDirectory(call.api());
    Table table = new Table(List.of("FILE", "LOCKED BY", "REASON", "EXPIRES"), 60, 36, 40, 24);
    for (Lock l : answer.locks()) {
      table.row(
          l.filePath(), peers.nameOf(l.lockedBy()), l.reason(), Timestamps.iso(l.expiresAt()));
    }
    if (table.isEmpty()) {
      call.out().line("No active locks");
    } else {
      call.out().table(table);
    }
    return ExitCode.OK;
  }

  private static String absolute(Invocation call, String path) {
    return call.context().cwd().resolve(Path.of(path)).normalize().toString();
  }
}
