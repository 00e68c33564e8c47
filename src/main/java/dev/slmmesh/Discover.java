package dev.slmmesh;

import dev.slmmesh.client.HubRole;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** {@code slm-mesh discover}: lists the hubs that answer mDNS on the local networks within 3 s. */
final class Discover {
  static final Duration WAIT = Duration.ofSeconds(3);

  private Discover() {}

  /** Prints one line per hub; returns 0 when at least one was found, 1 otherwise. */
  static int run(PrintStream out) {
    List<HubRole.Listing> hubs = HubRole.discover(WAIT);
    if (hubs.isEmpty()) {
      out.println("No hub answered within " + WAIT.toSeconds() + " s (mDNS, _slm-mesh._tcp)");
      return 1;
    }
    for (HubRole.Listing h : hubs) {
      out.println(
          h.address() + ":" + h.port() + "  " + h.machineName() + "  version " + h.version()
              + "  sha256 " + h.fingerprint() + "  (" + h.name() + ")");
    }
    return 0;
  }
}
