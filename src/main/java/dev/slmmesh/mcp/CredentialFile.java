package dev.slmmesh.mcp;

import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Keeps this session's credential in {@code <data>/peers/<peerId>.cred} (0600, in the 0700 peers
 * directory) so that the same user's CLI and agent hooks can act for this session's peer — and
 * nobody else can. Written after every registration, removed when the session ends.
 */
final class CredentialFile {
  private final DataDir files;
  private volatile @Nullable Path written;

  CredentialFile(DataDir files) {
    this.files = files;
  }

  static Path pathFor(DataDir files, String peerId) {
    return files.peers().resolve(peerId + ".cred");
  }

  /** Records the identity's credential (and forgets a previous identity's file). */
  void record(Identity identity) {
    Path target = pathFor(files, identity.peerId());
    if (!target.equals(written)) {
      remove();
    }
    if (identity.credential() == null) {
      return;
    }
    try {
      SecureFiles.ensureDir(files.peers());
      SecureFiles.writeAtomically(target, identity.credential());
      written = target;
    } catch (IOException e) {
      Log.LOG.warn(
          "Could not write {}: hooks and the CLI cannot act for this session ({})",
          target,
          e.toString());
    }
  }

  void remove() {
    Path old = written;
    written = null;
    if (old == null) {
      return;
    }
    try {
      Files.deleteIfExists(old);
    } catch (IOException e) {
      Log.LOG.warn("Could not remove {}: {}", old, e.toString());
    }
  }

  /** Created on first use, once logging is set up ({@link McpLogs}). */
  private static final class Log {
    static final Logger LOG = McpLogs.logger(CredentialFile.class);
  }
}
