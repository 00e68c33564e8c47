package dev.slmmesh.client;

/**
 * A hub could not be used: unreachable, the shared secret refused (either way), the certificate
 * changed, or too many failed attempts. The message says which and what to do.
 */
public final class HubException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean refused;

  public HubException(String message, Throwable cause) {
    super(message, cause);
    this.refused = false;
  }

  public HubException(String message, boolean refused) {
    super(message);
    this.refused = refused;
  }

  /** True when retrying cannot help without a change of configuration (wrong secret, new cert). */
  public boolean refused() {
    return refused;
  }
}
