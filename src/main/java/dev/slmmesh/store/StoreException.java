package dev.slmmesh.store;

/** A storage failure (I/O, corruption, driver error); the broker maps it to a 500. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
