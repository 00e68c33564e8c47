package dev.slmmesh.cli;

import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.client.BrokerEnsurer;
import dev.slmmesh.client.BrokerLauncher;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.StatusApi;
import java.time.Duration;
import java.util.List;

/** {@code slm-mesh status [--start]}: the broker's counters ({@code GET /status}). */
final class StatusCommand implements Command {
  static final Duration START_WAIT = Duration.ofSeconds(20);

  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "status",
        "show the broker's status (peers, messages, locks, events, database)",
        List.of("status [--start]"),
        "Prints the broker's status: version, uptime, PID, port, and counts of peers, messages,\n"
            + "locks and events, and the database size. With --start, a broker is started in\n"
            + "the background first when none answers (what 'slm-mesh' alone does in a terminal).",
        List.of(OptionSpec.flag("--start", "start a broker in the background if none answers")),
        0,
        0);
  }

  @Override
  public int run(Invocation call) {
    Context ctx = call.context();
    if (call.parsed().has("--start")) {
      ensureBroker(call);
    }
    StatusApi.Status status = call.api().status();
    if (call.out().json()) {
      call.out().document(status);
      return ExitCode.OK;
    }
    if (status.status() == null) {
      throw CliException.refused("unexpected /status answer: " + Json.write(status));
    }
    print(call.out(), status, ctx);
    return ExitCode.OK;
  }

  static void ensureBroker(Invocation call) {
    Context ctx = call.context();
    if (!ctx.client().healthy()) {
      call.out()
          .note(
              "No broker runs for "
                  + ctx.config().dataDir()
                  + "; starting one in the background (log: "
                  + ctx.config().files().log()
                  + ")...");
      new BrokerEnsurer(
              ctx.client(),
              BrokerLauncher.forThisProgram(ctx.config()),
              ctx.config().dataDir(),
              START_WAIT)
          .ensure();
    }
  }

  private static void print(Output out, StatusApi.Status s, Context ctx) {
    StatusApi.Peers peers = s.peers() == null ? new StatusApi.Peers(0, 0, 0) : s.peers();
    StatusApi.Messages messages =
        s.messages() == null ? new StatusApi.Messages(0, 0) : s.messages();
    StatusApi.Db db = s.db() == null ? new StatusApi.Db(0, 0) : s.db();
    out.line("Status:      " + s.status());
    out.line("Version:     " + s.version());
    out.line("Uptime:      " + Formats.uptime(s.uptime()));
    out.line("PID:         " + s.pid());
    out.line("Port:        " + s.port());
    out.line("Data dir:    " + ctx.config().dataDir());
    out.line("");
    out.line("Peers:");
    out.line("  active:    " + peers.active());
    out.line("  stale:     " + peers.stale());
    out.line("  total:     " + peers.total());
    out.line("");
    out.line("Messages:");
    out.line("  total:     " + messages.total());
    out.line("  undelivered: " + messages.undelivered());
    out.line("");
    out.line("Locks:       " + (s.locks() == null ? 0 : s.locks().active()) + " active");
    out.line("Events:      " + (s.events() == null ? 0 : s.events().total()) + " total");
    out.line("");
    out.line("Database:");
    out.line("  size:      " + Formats.bytes(db.sizeBytes()));
    out.line("  WAL:       " + Formats.bytes(db.walSizeBytes()));
  }
}
