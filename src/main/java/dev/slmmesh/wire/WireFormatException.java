package dev.slmmesh.wire;

/** An answer that is not the JSON its route promises; the message names the field. */
public final class WireFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message);
  }
}
