package dev.slmmesh.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds hubs advertised as {@code _slm-mesh._tcp} on the local networks, within a bounded time. */
public final class HubBrowser {
  private static final Logger LOG = LoggerFactory.getLogger(HubBrowser.class);

  private HubBrowser() {}

  /** Browses every multicast interface for up to {@code timeout}; one entry per hub machine. */
  public static List<DiscoveredHub> browse(Duration timeout) {
    List<JmDNS> opened = new ArrayList<>();
    Map<String, DiscoveredHub> hubs = new LinkedHashMap<>();
    try {
      for (InetAddress address : MeshDns.bindAddresses("0.0.0.0")) {
        try {
          opened.add(JmDNS.create(address, "slm-mesh-browser"));
        } catch (IOException e) {
          LOG.warn("Cannot browse for hubs on {}: {}", address.getHostAddress(), e.toString());
        }
      }
      for (JmDNS dns : opened) {
        for (ServiceInfo info : dns.list(MeshDns.SERVICE_TYPE, timeout.toMillis())) {
          DiscoveredHub hub = toHub(info);
          if (hub != null) {
            hubs.putIfAbsent(
                hub.machineId().isEmpty() ? hub.address() + ":" + hub.wsPort() : hub.machineId(),
                hub);
          }
        }
      }
    } finally {
      MeshDns.closeInBackground(opened, 0);
    }
    return new ArrayList<>(hubs.values());
  }

  /**
   * The first hub accepted by {@code accept}, as soon as one is resolved (usually well under a
   * second), or empty after {@code timeout}.
   */
  public static java.util.Optional<DiscoveredHub> first(
      Duration timeout, java.util.function.Predicate<DiscoveredHub> accept) {
    java.util.concurrent.BlockingQueue<DiscoveredHub> found =
        new java.util.concurrent.LinkedBlockingQueue<>();
    javax.jmdns.ServiceListener listener =
        new javax.jmdns.ServiceListener() {
          @Override
          public void serviceAdded(javax.jmdns.ServiceEvent event) {
            event.getDNS().requestServiceInfo(event.getType(), event.getName(), 1000);
          }

          @Override
          public void serviceRemoved(javax.jmdns.ServiceEvent event) {}

          @Override
          public void serviceResolved(javax.jmdns.ServiceEvent event) {
            DiscoveredHub hub = toHub(event.getInfo());
            if (hub != null) {
              found.add(hub);
            }
          }
        };
    List<JmDNS> opened = new ArrayList<>();
    try {
      for (InetAddress address : MeshDns.bindAddresses("0.0.0.0")) {
        try {
          JmDNS dns = JmDNS.create(address, "slm-mesh-browser");
          opened.add(dns);
          dns.addServiceListener(MeshDns.SERVICE_TYPE, listener);
        } catch (IOException e) {
          LOG.warn("Cannot browse for hubs on {}: {}", address.getHostAddress(), e.toString());
        }
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!opened.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        DiscoveredHub hub = found.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (hub != null && accept.test(hub)) {
          return java.util.Optional.of(hub);
        }
      }
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    } finally {
      MeshDns.closeInBackground(opened, 0);
    }
  }

  private static @org.jspecify.annotations.Nullable DiscoveredHub toHub(ServiceInfo info) {
    InetAddress chosen = null;
    for (InetAddress a : info.getInetAddresses()) {
      if (chosen == null || (a instanceof Inet4Address && !(chosen instanceof Inet4Address))) {
        chosen = a;
      }
    }
    if (chosen == null) {
      return null;
    }
    int wsPort = info.getPort();
    String txtPort = info.getPropertyString("wsPort");
    if (txtPort != null) {
      try {
        wsPort = Integer.parseInt(txtPort);
      } catch (NumberFormatException e) {
        // a malformed TXT value: the SRV port is the same by construction
      }
    }
    return new DiscoveredHub(
        info.getName(),
        chosen.getHostAddress(),
        wsPort,
        orEmpty(info.getPropertyString("version")),
        orEmpty(info.getPropertyString("machineId")),
        orEmpty(info.getPropertyString("machineName")),
        orEmpty(info.getPropertyString("fp")));
  }

  private static String orEmpty(@org.jspecify.annotations.Nullable String s) {
    return s == null ? "" : s;
  }
}
