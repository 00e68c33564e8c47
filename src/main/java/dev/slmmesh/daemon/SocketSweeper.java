package dev.slmmesh.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes dead entries from the socket directories at start (fixing a defect of the original):
 * {@code *.sock} entries that are not sockets, and sockets nobody listens on any more (connection
 * refused), in the peers directory and the {@code /tmp} fallback. Live listeners are kept.
 */
final class SocketSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(SocketSweeper.class);
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private final List<Path> dirs;

  SocketSweeper(List<Path> dirs) {
    this.dirs = dirs;
  }

  int sweep() {
    int removed = 0;
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.sock")) {
        for (Path entry : entries) {
          removed += deadEntry(entry) && Files.deleteIfExists(entry) ? 1 : 0;
        }
      } catch (IOException e) {
        LOG.warn("Cannot sweep {}: {}", dir, e.toString());
      }
    }
    if (removed > 0) {
      LOG.info("Removed {} stale socket file(s)", removed);
    }
    return removed;
  }

  static boolean deadEntry(Path entry) {
    try {
      int mode = (Integer) Files.getAttribute(entry, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((mode & S_IFMT) == 0040000) {
        return false; // a directory named *.sock is not ours to delete
      }
      if ((mode & S_IFMT) != S_IFSOCK) {
        return true;
      }
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(entry));
      return false;
    } catch (IOException refused) {
      return true;
    }
  }
}
