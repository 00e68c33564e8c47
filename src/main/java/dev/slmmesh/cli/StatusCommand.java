package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.client.BrokerEnsurer;
import dev.slmmesh.client.BrokerLauncher;
import java.time.Duration;
import java.util.List;

/** {@code slm-mesh status [--start]}: the broker's counters ({@code GET /status}). */
final class StatusCommand implements Command {
  static final Duration START_WAIT = Duration.ofSeconds(20);

  @Override
  public CommandSpec spec() {
    return new CommandSpec("status", "show the broker's status (peers, messages, locks, events, database)",
        List.of("status [--start]"),
        "Prints the broker's status: version, uptime, PID, port, and counts of peers, messages,\n"
            + "locks and events, and the database size. With --start, a broker is started in\n"
            + "the background first when none answers (what 'slm-mesh' alone does in a terminal).",
        List.of(OptionSpec.flag("--start", "start a broker in the background if none answers")),
        0, 0);
  }

  @Override
  public int run(Invocation call) {
    Context ctx = call.context();
    if (call.parsed().has("--start")) {
      ensureBroker(call);
    }
    ObjectNode status = call.mesh().get("/status");
    if (call.out().json()) {
      call.out().document(status);
      return ExitCode.OK;
    }
    if (!status.has("status")) {
      throw CliException.refused("unexpected /status answer: " + status);
    }
    print(call.out(), status, ctx);
    return ExitCode.OK;
  }

  static void ensureBroker(Invocation call) {
    Context ctx = call.context();
    if (!ctx.client().healthy()) {
      call.out().note("No broker runs for " + ctx.config().dataDir()
          + "; starting one in the background (log: " + ctx.config().files().log() + ")...");
      new BrokerEnsurer(ctx.client(), BrokerLauncher.forThisProgram(ctx.config()),
          ctx.config().dataDir(), START_WAIT).ensure();
    }
  }

  private static void print(Output out, JsonNode s, Context ctx) {
    out.line("Status:      " + s.path("status").asText());
    out.line("Version:     " + s.path("version").asText());
    out.line("Uptime:      " + Formats.uptime(s.path("uptime").asLong()));
    out.line("PID:         " + s.path("pid").asText());
    out.line("Port:        " + s.path("port").asText());
    out.line("Data dir:    " + ctx.config().dataDir());
    out.line("");
    out.line("Peers:");
    out.line("  active:    " + s.path("peers").path("active").asLong());
    out.line("  stale:     " + s.path("peers").path("stale").asLong());
    out.line("  total:     " + s.path("peers").path("total").asLong());
    out.line("");
    out.line("Messages:");
    out.line("  total:     " + s.path("messages").path("total").asLong());
    out.line("  undelivered: " + s.path("messages").path("undelivered").asLong());
    out.line("");
    out.line("Locks:       " + s.path("locks").path("active").asLong() + " active");
    out.line("Events:      " + s.path("events").path("total").asLong() + " total");
    out.line("");
    out.line("Database:");
    out.line("  size:      " + Formats.bytes(s.path("db").path("sizeBytes").asLong()));
    out.line("  WAL:       " + Formats.bytes(s.path("db").path("walSizeBytes").asLong()));
  }
}
