package dev.slmmesh.client;

/**
 * The broker could not be reached or answered outside the JSON protocol: connection refused or
 * timed out, or an HTTP status other than 2xx (as in the original). Application errors ({@code
 * {"ok":false,...}} with HTTP 200) are not exceptions.
 */
public final class BrokerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean connectionFailed;
  private final int status;

  private BrokerUnavailableException(
      String message, boolean connectionFailed, int status, Throwable cause) {
    super(message, cause);
    this.connectionFailed = connectionFailed;
    this.status = status;
  }

  /** No broker answered at all: nothing listens on the port, or it did not respond in time. */
  public static BrokerUnavailableException unreachable(String message, Throwable cause) {
    return new BrokerUnavailableException(message, true, 0, cause);
  }

  /** A broker answered with a non-2xx HTTP status. */
  public static BrokerUnavailableException status(String message, int status) {
    return new BrokerUnavailableException(message, false, status, null);
  }

  /** Anything else: a malformed answer, or no broker could be started. */
  public static BrokerUnavailableException other(String message) {
    return new BrokerUnavailableException(message, false, 0, null);
  }

  /** True when the broker process is probably gone, so starting a new one may help. */
  public boolean connectionFailed() {
    return connectionFailed;
  }

  /** The HTTP status of the failed answer, or 0 when there was none. */
  public int status() {
    return status;
  }
}
