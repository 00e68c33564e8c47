package dev.slmmesh.store;

import org.jspecify.annotations.Nullable;

/**
 * Filters for listing active peers; null means "no filter". The broker decides from the request's
 * scope which of projectPath and gitRoot apply.
 */
public record PeerQuery(
    @Nullable String projectPath, @Nullable String gitRoot, @Nullable String excludeId) {
  public static final PeerQuery ALL = new PeerQuery(null, null, null);
}
