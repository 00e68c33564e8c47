package dev.slmmesh.wire;

/**
 * The routes of the broker's HTTP API (docs/wire.md): the one place that names their method and
 * path. {@code http} serves them, {@code client} calls them; the request and answer records of each
 * live in {@link PeerApi}, {@link MessageApi}, {@link StateApi}, {@link LockApi}, {@link EventApi}
 * and {@link StatusApi}.
 */
public enum MeshRoute {
  HEALTH("GET", "/health"),
  STATUS("GET", "/status"),
  REGISTER("POST", "/register"),
  UNREGISTER("POST", "/unregister"),
  HEARTBEAT("POST", "/heartbeat"),
  PEERS("POST", "/peers"),
  SUMMARY("POST", "/summary"),
  SEND("POST", "/send"),
  MESSAGES("POST", "/messages"),
  MESSAGES_READ("POST", "/messages/read"),
  MESSAGES_STATUS("POST", "/messages/status"),
  STATE("POST", "/state"),
  LOCK("POST", "/lock"),
  EVENTS("POST", "/events");

  private final String method;
  private final String path;

  MeshRoute(String method, String path) {
    this.method = method;
    this.path = path;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** {@code "POST /send"}: how the HTTP layer keys its routes. */
  public String key() {
    return method + " " + path;
  }

  /** True for the one route that needs no bearer token on the local API. */
  public static boolean isHealth(String path) {
    return HEALTH.path.equals(path);
  }
}
