package dev.slmmesh.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a hub's network port is: host and TLS port. Parsed from {@code SLM_MESH_PEER_URL} ({@code
 * https://host:port}, {@code wss://host:port} or {@code host:port}) or from {@code SLM_MESH_HOST}
 * plus {@code SLM_MESH_WS_PORT}.
 */
public record HubAddress(String host, int port) {

  public HubAddress {
    if (host.isBlank()) {
      throw new IllegalArgumentException("hub host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("hub port must be 1..65535, got " + port);
    }
  }

  /**
   * Parses the hub entries of {@code SLM_MESH_PEER_URL}, comma-separated, in order; a missing port
   * means {@code defaultPort}. An empty entry or a hub listed twice is an error naming the setting.
   */
  public static List<HubAddress> parseList(String urls, int defaultPort) {
    String[] entries = urls.split(",", -1);
    List<HubAddress> hubs = new ArrayList<>();
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        throw new IllegalArgumentException(
            "SLM_MESH_PEER_URL has an empty entry (number "
                + (i + 1)
                + ") in \""
                + urls
                + "\"; list hubs as https://host:port,https://host:port");
      }
      HubAddress hub;
      try {
        hub = parse(entry, defaultPort);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            entries.length == 1
                ? e.getMessage()
                : e.getMessage() + " (entry " + (i + 1) + " of the list)",
            e);
      }
      if (hubs.contains(hub)) {
        throw new IllegalArgumentException(
            "SLM_MESH_PEER_URL lists the hub " + hub.authority() + " twice");
      }
      hubs.add(hub);
    }
    return List.copyOf(hubs);
  }

  /** Parses a peer URL; a missing port means {@code defaultPort}. */
  public static HubAddress parse(String url, int defaultPort) {
    String text = url.trim();
    URI uri;
    try {
      uri = URI.create(text.contains("://") ? text : "https://" + text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "SLM_MESH_PEER_URL is not a URL: \"" + url + "\" (" + e.getMessage() + ")", e);
    }
    String scheme = uri.getScheme();
    if (!"https".equals(scheme) && !"wss".equals(scheme)) {
      throw new IllegalArgumentException(
          "SLM_MESH_PEER_URL must be https://host:port (hubs speak TLS only), or http://host:port for the"
              + " memory bridge's SuperLocalMemory, got \""
              + url
              + "\"");
    }
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("SLM_MESH_PEER_URL has no host: \"" + url + "\"");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new HubAddress(host, uri.getPort() == -1 ? defaultPort : uri.getPort());
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  public String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  URI https(String path) {
    return URI.create("https://" + authority() + path);
  }

  URI wss(String path) {
    return URI.create("wss://" + authority() + path);
  }
}
