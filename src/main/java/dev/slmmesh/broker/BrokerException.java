package dev.slmmesh.broker;

/**
 * A request the broker refuses. {@link #getMessage()} is the exact text of the wire's {@code
 * {"ok":false,"error":...}}; {@code status} is the HTTP status (200 for application errors, as in
 * the original).
 */
public final class BrokerException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public BrokerException(String message) {
    this(200, message);
  }

  public BrokerException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
