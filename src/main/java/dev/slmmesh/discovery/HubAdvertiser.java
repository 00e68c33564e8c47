package dev.slmmesh.discovery;

import dev.slmmesh.base.Threads;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advertises a hub as {@code _slm-mesh._tcp} on each bind address, port = the hub's TLS port, TXT
 * {@code wsPort}, {@code version}, {@code machineId}, {@code machineName}, {@code fp}. Starting and
 * stopping run in the background: JmDNS is slow to announce and slower to close, and the broker
 * must not wait for it.
 */
public final class HubAdvertiser implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HubAdvertiser.class);

  private final List<JmDNS> running = new ArrayList<>();
  private boolean closed;

  private HubAdvertiser() {}

  /** Starts advertising in the background and returns at once. */
  public static HubAdvertiser start(
      String host,
      int wsPort,
      String version,
      String machineId,
      String machineName,
      String fingerprint) {
    HubAdvertiser advertiser = new HubAdvertiser();
    Map<String, String> txt = new LinkedHashMap<>();
    txt.put("wsPort", Integer.toString(wsPort));
    txt.put("version", version);
    txt.put("machineId", machineId);
    txt.put("machineName", machineName);
    txt.put("fp", fingerprint);
    String name =
        "SLM-Mesh-" + machineName + "-" + machineId.substring(0, Math.min(8, machineId.length()));
    Threads.start(
        "mdns-advertise",
        () -> {
          for (InetAddress address : MeshDns.bindAddresses(host)) {
            advertiser.advertise(address, name, wsPort, txt);
          }
        });
    return advertiser;
  }

  private void advertise(InetAddress address, String name, int port, Map<String, String> txt) {
    try {
      JmDNS dns = JmDNS.create(address, "slm-mesh-hub");
      synchronized (this) {
        if (closed) {
          MeshDns.closeInBackground(List.of(dns), 0);
          return;
        }
        running.add(dns);
      }
      dns.registerService(ServiceInfo.create(MeshDns.SERVICE_TYPE, name, port, 0, 0, txt));
      LOG.info("Advertising the hub over mDNS on {} as {}", address.getHostAddress(), name);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Cannot advertise the hub over mDNS on {}: {}", address.getHostAddress(), e.toString());
    }
  }

  /** Withdraws the advertisement in the background (bounded wait of one second). */
  @Override
  public void close() {
    List<JmDNS> stopping;
    synchronized (this) {
      closed = true;
      stopping = new ArrayList<>(running);
      running.clear();
    }
    MeshDns.closeInBackground(stopping, 1_000);
  }
}
