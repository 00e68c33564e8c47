package dev.slmmesh.mcp;

import dev.slmmesh.client.BrokerClient;
import dev.slmmesh.client.HubAddress;
import dev.slmmesh.client.HubRole;
import dev.slmmesh.client.HubSession;
import dev.slmmesh.client.KnownHubs;
import dev.slmmesh.config.Config;
import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.wire.HubProof;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the broker client of this session: the local broker, or a hub in client role. */
final class HubClients {
  private static final Logger LOG = LoggerFactory.getLogger(HubClients.class);

  private HubClients() {}

  static BrokerClient client(Config config) {
    MachineIdentity me;
    try {
      me = MachineIdentity.load(config.files(), config.mesh());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the machine id in " + config.dataDir(), e);
    }
    Optional<HubAddress> hub = HubRole.resolve(config, me);
    if (hub.isEmpty()) {
      return new BrokerClient(config.files(), config.port(), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
    LOG.info("Client role: using the hub at {} (this machine: {})", hub.get().authority(), me.name());
    String secret = Objects.requireNonNull(config.mesh().sharedSecret(), "shared secret");
    HubSession session =
        new HubSession(
            hub.get(),
            HubProof.fromSecret(secret),
            new KnownHubs(config.dataDir().resolve("known_hubs")),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));
    return BrokerClient.viaHub(config.files(), config.port(), session, me);
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("closing {}: {}", c.getClass().getSimpleName(), e.toString());
    }
  }
}
