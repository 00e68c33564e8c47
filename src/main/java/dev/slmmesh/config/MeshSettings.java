package dev.slmmesh.config;

import org.jspecify.annotations.Nullable;

/**
 * The multi-machine settings (README, "Several machines"): the shared secret that turns a broker
 * into a hub and lets clients join it, the hub's TLS port for remote HTTP and WebSocket push, mDNS
 * discovery (clients browse only with {@code SLM_MESH_DISCOVERY=on}; a hub on a network address
 * advertises unless it is {@code off}), an explicit hub URL for clients, and this machine's display
 * name.
 *
 * <p>Invariant: a secret, when present, has at least {@link #MIN_SECRET} characters.
 */
public record MeshSettings(
    @Nullable String sharedSecret,
    int wsPort,
    boolean discovery,
    boolean advertise,
    @Nullable String peerUrl,
    @Nullable String machineName) {

  /**
   * A shorter secret could be guessed offline from one observed proof; see docs/multi-machine.md.
   */
  public static final int MIN_SECRET = 16;

  /**
   * The hub's TLS port defaults to the first port after the HTTP fallback range (7909 with the
   * default 7899..7908); the original's 7900 lies inside that range.
   */
  public static final int WS_PORT_OFFSET = Config.PORT_ATTEMPTS;

  public static final MeshSettings NONE =
      new MeshSettings(null, Config.DEFAULT_PORT + WS_PORT_OFFSET, false, true, null, null);

  public MeshSettings {
    if (sharedSecret != null && sharedSecret.length() < MIN_SECRET) {
      throw new IllegalArgumentException(
          "SLM_MESH_SHARED_SECRET is too short ("
              + sharedSecret.length()
              + " characters); use at least "
              + MIN_SECRET
              + ", for example the output of `openssl rand -hex 32`");
    }
    if (wsPort < 0 || wsPort > 65535) {
      throw new IllegalArgumentException("SLM_MESH_WS_PORT must be 0..65535, got " + wsPort);
    }
  }

  /** True when this process may act as a hub or join one: a secret is configured. */
  public boolean networked() {
    return sharedSecret != null;
  }

  public MeshSettings withSecret(@Nullable String secret) {
    return new MeshSettings(secret, wsPort, discovery, advertise, peerUrl, machineName);
  }

  public MeshSettings withWsPort(int port) {
    return new MeshSettings(sharedSecret, port, discovery, advertise, peerUrl, machineName);
  }

  public MeshSettings withDiscovery(boolean on) {
    return new MeshSettings(sharedSecret, wsPort, on, advertise, peerUrl, machineName);
  }

  public MeshSettings withPeerUrl(@Nullable String url) {
    return new MeshSettings(sharedSecret, wsPort, discovery, advertise, url, machineName);
  }

  public MeshSettings withMachineName(@Nullable String name) {
    return new MeshSettings(sharedSecret, wsPort, discovery, advertise, peerUrl, name);
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "MeshSettings[secret="
        + (sharedSecret == null ? "none" : "set")
        + ", wsPort="
        + wsPort
        + ", discovery="
        + discovery
        + ", peerUrl="
        + peerUrl
        + ", machineName="
        + machineName
        + "]";
  }
}
