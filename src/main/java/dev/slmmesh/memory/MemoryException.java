package dev.slmmesh.memory;

/** A memory system that could not do what was asked; the message names the setting to check. */
public final class MemoryException extends Exception {
  private static final long serialVersionUID = 1L;

  public MemoryException(String message) {
    super(message);
  }
}
