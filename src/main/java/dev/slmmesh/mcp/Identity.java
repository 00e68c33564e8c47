package dev.slmmesh.mcp;

import org.jspecify.annotations.Nullable;

/**
 * Who this session is on the mesh. The credential proves it on every peer-scoped request and lets
 * the session reclaim the same id after a broker restart; a broker without credentials (the
 * original) gives none.
 */
record Identity(String peerId, String name, @Nullable String credential) {}
