package dev.slmmesh.client;

import dev.slmmesh.config.Config;
import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.discovery.DiscoveredHub;
import dev.slmmesh.discovery.HubBrowser;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether this MCP server or CLI uses a hub on another machine (client role) or the local
 * broker, which may itself be a hub (docs/multi-machine.md, "Which role"): {@code
 * SLM_MESH_PEER_URL} names one or more hubs (the first is used, the others on failover); else an
 * {@code SLM_MESH_HOST} that is not loopback, not a wildcard and not an address of this machine
 * names one; else, with {@code SLM_MESH_DISCOVERY=on}, the first hub found by mDNS on another
 * machine is used. Anything else means the local broker.
 */
public final class HubRole {
  static final Duration BROWSE = Duration.ofSeconds(3);

  /** Created on first use, so that a CLI command that logs nothing never sets up logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(HubRole.class);
  }

  /** A hub found on the network, for {@code slm-mesh discover}. */
  public record Listing(
      String name,
      String address,
      int port,
      String version,
      String machineName,
      String machineId,
      String fingerprint) {}

  private HubRole() {}

  /** The hubs to join, in the order to try them, or none for the local broker. */
  public static List<HubAddress> resolve(Config config, MachineIdentity self) {
    String url = config.mesh().peerUrl();
    if (url != null) {
      requireSecret(config, "SLM_MESH_PEER_URL");
      return HubAddress.parseList(url, config.mesh().wsPort());
    }
    if (!config.loopbackHost()) {
      return local(config.host())
          ? List.of()
          : List.of(new HubAddress(config.host(), config.mesh().wsPort()));
    }
    return discovered(config, self).map(List::of).orElse(List.of());
  }

  private static Optional<HubAddress> discovered(Config config, MachineIdentity self) {
    if (config.mesh().discovery()) {
      if (!config.mesh().networked()) {
        Log.LOG.warn(
            "SLM_MESH_DISCOVERY=on needs SLM_MESH_SHARED_SECRET to join a hub; using the local broker");
        return Optional.empty();
      }
      Optional<DiscoveredHub> found =
          HubBrowser.first(BROWSE, hub -> !hub.machineId().equals(self.id()));
      if (found.isPresent()) {
        DiscoveredHub hub = found.get();
        Log.LOG.info("Discovered hub {} at {}:{}", hub.name(), hub.address(), hub.wsPort());
        return Optional.of(new HubAddress(hub.address(), hub.wsPort()));
      }
      Log.LOG.info("No hub found by mDNS within {} ms; using the local broker", BROWSE.toMillis());
    }
    return Optional.empty();
  }

  /** Every hub that answers mDNS within {@code timeout}. */
  public static List<Listing> discover(Duration timeout) {
    return HubBrowser.browse(timeout).stream()
        .map(
            h ->
                new Listing(
                    h.name(),
                    h.address(),
                    h.wsPort(),
                    h.version(),
                    h.machineName(),
                    h.machineId(),
                    h.fingerprint()))
        .toList();
  }

  private static void requireSecret(Config config, String variable) {
    if (!config.mesh().networked()) {
      throw new IllegalArgumentException(
          variable
              + " is set but SLM_MESH_SHARED_SECRET is not: joining a hub needs the hub's secret");
    }
  }

  /** True for a wildcard or an address of one of this machine's interfaces: the hub runs here. */
  static boolean local(String host) {
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isAnyLocalAddress()
          || address.isLoopbackAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (UnknownHostException e) {
      // not resolvable now: treat as remote, and the connection attempt will say what is wrong
      return false;
    } catch (SocketException e) {
      return false;
    }
  }
}
