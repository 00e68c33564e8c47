package dev.slmmesh.client;

import dev.slmmesh.config.Config;
import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.wire.HubProof;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker client for a configuration: the local broker, or, in client role ({@link HubRole}),
 * the hub on another machine. The one call the MCP server and the CLI make to get their client.
 */
public final class BrokerClients {
  /** Created on first use, so that a CLI command that logs nothing never sets up logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(BrokerClients.class);
  }

  private BrokerClients() {}

  /** A client for {@code config}; throws IllegalArgumentException for an unusable hub setting. */
  public static BrokerClient forConfig(Config config) {
    return forConfig(config, Duration.ofSeconds(5));
  }

  /**
   * As above, with {@code readTimeout} for requests to a local broker (a hub gets at least 10 s).
   */
  public static BrokerClient forConfig(Config config, Duration readTimeout) {
    MachineIdentity me;
    try {
      me = MachineIdentity.load(config.files(), config.mesh());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the machine id in " + config.dataDir(), e);
    }
    List<HubAddress> hubs = HubRole.resolve(config, me);
    if (hubs.isEmpty()) {
      return new BrokerClient(config.files(), config.port(), Duration.ofSeconds(2), readTimeout);
    }
    Log.LOG.info(
        "Client role: using the hub at {}{} (this machine: {})",
        hubs.get(0).authority(),
        hubs.size() == 1
            ? ""
            : ", then on failover "
                + hubs.subList(1, hubs.size()).stream().map(HubAddress::authority).toList(),
        me.name());
    String secret = Objects.requireNonNull(config.mesh().sharedSecret(), "shared secret");
    HubSession session =
        new HubSession(
            hubs,
            Clock.systemUTC(),
            HubProof.fromSecret(secret),
            new KnownHubs(config.dataDir().resolve("known_hubs")),
            // short: a listed hub that does not take the connection is left for the next one
            Duration.ofSeconds(2),
            readTimeout.compareTo(Duration.ofSeconds(10)) > 0
                ? readTimeout
                : Duration.ofSeconds(10));
    return BrokerClient.viaHub(config.files(), config.port(), session, me);
  }
}
