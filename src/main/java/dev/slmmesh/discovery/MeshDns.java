package dev.slmmesh.discovery;

import dev.slmmesh.base.Threads;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.jmdns.JmDNS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared mDNS details: the service type, the addresses to bind to, and closing off the critical
 * path.
 */
final class MeshDns {
  static final String SERVICE_TYPE = "_slm-mesh._tcp.local.";
  private static final Logger LOG = LoggerFactory.getLogger(MeshDns.class);

  private MeshDns() {}

  /**
   * The addresses to run mDNS on: {@code host} itself when it is a specific address, else the IPv4
   * addresses of every interface that is up, not loopback and multicast-capable.
   */
  static List<InetAddress> bindAddresses(String host) {
    try {
      InetAddress given = InetAddress.getByName(host);
      if (!given.isAnyLocalAddress() && !given.isLoopbackAddress()) {
        return List.of(given);
      }
    } catch (java.net.UnknownHostException e) {
      LOG.warn("Cannot resolve {} for mDNS; using every multicast interface", host);
    }
    List<InetAddress> found = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback() || !nif.supportsMulticast()) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            found.add(a);
          }
        }
      }
    } catch (SocketException e) {
      LOG.warn("Cannot list network interfaces for mDNS: {}", e.getMessage());
    }
    return found;
  }

  /**
   * Closes without waiting: JmDNS spends about four seconds announcing its departure. {@code
   * waitAtMostMillis} bounds how long the caller waits anyway (0: not at all).
   */
  static void closeInBackground(List<JmDNS> instances, long waitAtMostMillis) {
    CountDownLatch done = new CountDownLatch(instances.size());
    for (JmDNS dns : instances) {
      Threads.start(
          "mdns-close",
          () -> {
            try {
              dns.close();
            } catch (java.io.IOException | RuntimeException e) {
              LOG.debug("mDNS close: {}", e.toString());
            } finally {
              done.countDown();
            }
          });
    }
    if (waitAtMostMillis > 0) {
      try {
        done.await(waitAtMostMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
