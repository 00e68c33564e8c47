package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.base.Threads;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.client.BrokerClient;
import dev.slmmesh.client.BrokerUnavailableException;
import dev.slmmesh.client.HttpMeshApi;
import dev.slmmesh.wire.StatusApi;
import java.util.List;

/**
 * {@code slm-mesh start [--detach]}: runs the broker in this process until it stops (Ctrl-C; or
 * idle, when no terminal is attached), or with {@code --detach} makes sure one runs in the
 * background and prints its status.
 */
final class StartCommand implements Command {
  private static final long ANNOUNCE_WAIT_MILLIS = 30_000;

  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "start",
        "run the broker (foreground, or --detach)",
        List.of("start [--detach]"),
        "Runs the broker in the foreground, logging to stderr. In a terminal it runs until\n"
            + "Ctrl-C (use a second terminal for other commands); without a terminal it also\n"
            + "stops after SLM_MESH_IDLE_MS without peers or requests (default 60 s; 0 = never).\n"
            + "A second broker on the same data directory refuses to start. --detach starts one\n"
            + "in the background instead (log in <data>/broker.log) unless one already answers,\n"
            + "then prints the status. Agent sessions start a broker by themselves when needed.",
        List.of(OptionSpec.flag("--detach", "-d", "start in the background and return")),
        0,
        0);
  }

  @Override
  public int run(Invocation call) {
    if (call.parsed().has("--detach")) {
      StatusCommand.ensureBroker(call);
      return new StatusCommand().run(call);
    }
    Context ctx = call.context();
    if (call.out().json()) {
      announceWhenUp(
          ctx.client()
              .withTimeouts(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2)),
          ctx.processes().self(),
          call.out());
    }
    return ctx.runForegroundBroker();
  }

  /**
   * With --json, prints the original's {@code {"ok":true,"data":{"pid","port"}}} once we answer.
   */
  private static void announceWhenUp(BrokerClient client, long self, Output out) {
    Threads.start(
        "start-announce",
        () -> {
          long deadline = System.currentTimeMillis() + ANNOUNCE_WAIT_MILLIS;
          while (System.currentTimeMillis() < deadline) {
            try {
              if (client.healthy()) {
                StatusApi.Status status = new HttpMeshApi(client).status();
                if (status.pid() == self) {
                  ObjectNode doc = Mesh.body().put("ok", true);
                  doc.putObject("data").put("pid", self).put("port", status.port());
                  out.document(doc);
                  return;
                }
              }
              Thread.sleep(100);
            } catch (BrokerUnavailableException e) {
              // not up yet: poll again until the deadline
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        });
  }
}
