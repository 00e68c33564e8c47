package dev.slmmesh.mcp;

/** Tool arguments that break the tool's schema or rules; the broker is not called. */
final class InvalidArgumentsException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidArgumentsException(String message) {
    super(message, null, false, false);
  }
}
