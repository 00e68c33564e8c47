package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.client.HubRole;
import java.time.Duration;
import java.util.List;

/** {@code slm-mesh discover}: the hubs that answer mDNS ({@code _slm-mesh._tcp}) within 3 s. */
final class DiscoverCommand implements Command {
  static final Duration WAIT = Duration.ofSeconds(3);

  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "discover",
        "list the hubs on the local networks (mDNS)",
        List.of("discover"),
        "Browses for hubs advertised as _slm-mesh._tcp for 3 seconds and lists each one's address"
            + " and TLS port, machine name, version and certificate fingerprint. A listed hub is not"
            + " trusted for it: joining still needs the shared secret (docs/multi-machine.md).",
        List.of(),
        0,
        0);
  }

  @Override
  public int run(Invocation call) {
    List<HubRole.Listing> hubs = HubRole.discover(WAIT);
    if (call.out().json()) {
      ObjectNode body = Mesh.body().put("ok", true);
      ArrayNode list = body.putArray("hubs");
      for (HubRole.Listing h : hubs) {
        list.addObject()
            .put("address", h.address())
            .put("port", h.port())
            .put("machineName", h.machineName())
            .put("machineId", h.machineId())
            .put("version", h.version())
            .put("fingerprint", h.fingerprint())
            .put("name", h.name());
      }
      call.out().document(body);
    } else if (hubs.isEmpty()) {
      call.out().line("No hub answered within " + WAIT.toSeconds() + " s (mDNS, _slm-mesh._tcp)");
    } else {
      for (HubRole.Listing h : hubs) {
        call.out()
            .line(
                h.address()
                    + ":"
                    + h.port()
                    + "  "
                    + h.machineName()
                    + "  version "
                    + h.version()
                    + "  sha256 "
                    + h.fingerprint());
      }
    }
    return hubs.isEmpty() ? ExitCode.REFUSED : ExitCode.OK;
  }
}
