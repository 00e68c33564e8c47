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
            hubs.putIfAbsent(hub.machineId().isEmpty() ? hub.address() + ":" + hub.wsPort() : hub.machineId(), hub);
          }
        }
      }
    } finally {
      MeshDns.closeInBackground(opened, 0);
    }
    return new ArrayList<>(hubs.values());
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
