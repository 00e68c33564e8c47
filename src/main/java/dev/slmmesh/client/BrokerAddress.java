package dev.slmmesh.client;

/**
 * Where the broker listens and the bearer token it expects, as read from the data directory at one
 * moment. An empty token means the token file was missing or empty: requests go without the header.
 */
public record BrokerAddress(int port, String token) {

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public boolean hasToken() {
    return !token.isEmpty();
  }
}
