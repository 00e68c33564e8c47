package dev.slmmesh.cli;

import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.SecureFiles;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The credential of a local peer, read from {@code <data>/peers/<peerId>.cred} (mode 0600) where
 * the peer's MCP server keeps it, so that the CLI and hooks can act for a session that registered
 * with {@code requestCredential}. Absent: requests go without one, as the original's clients do.
 */
final class PeerCredentials {
  private PeerCredentials() {}

  static Path file(DataDir files, String peerId) {
    return files.peers().resolve(peerId + ".cred");
  }

  static Optional<String> read(DataDir files, String peerId) {
    if (!PeerDirectory.isPeerId(peerId)) {
      return Optional.empty();
    }
    return SecureFiles.read(file(files, peerId));
  }
}
