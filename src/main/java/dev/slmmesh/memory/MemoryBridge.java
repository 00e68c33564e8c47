package dev.slmmesh.memory;

import java.util.List;

/**
 * A long-term memory system the mesh writes to and reads from. Calls may be slow (another process,
 * the network): callers on a request path never call it directly; the broker goes through {@link
 * MeshMemory}'s queue.
 */
public interface MemoryBridge {
  /** What it is, for logs and {@code /status}: {@code "slm command /usr/bin/slm"}, a URL. */
  String describe();

  /** The setting a user changes when this bridge misbehaves, named in every error. */
  String setting();

  /** Stores one text. */
  void remember(String text) throws MemoryException;

  /** What the memory system recalls for {@code query}: at most {@code limit} texts, best first. */
  List<String> recall(String query, int limit) throws MemoryException;
}
