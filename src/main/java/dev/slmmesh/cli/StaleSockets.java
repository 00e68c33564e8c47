package dev.slmmesh.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and removes dead {@code *.sock} entries in the peer socket directories: entries that are
 * not sockets, and sockets nobody listens on (the connection is refused). A live listener, a
 * directory, or anything that cannot be examined is left alone.
 */
final class StaleSockets {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFDIR = 0040000;

  private StaleSockets() {}

  /** Removes the dead entries of every directory (missing ones are skipped); returns them. */
  static List<Path> sweep(List<Path> dirs) {
    List<Path> removed = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.sock")) {
        for (Path entry : entries) {
          if (dead(entry) && Files.deleteIfExists(entry)) {
            removed.add(entry);
          }
        }
      } catch (IOException e) {
        // an unreadable directory holds nothing we may judge; the others are still swept
      }
    }
    return removed;
  }

  static boolean dead(Path entry) {
    int type;
    try {
      type = (Integer) Files.getAttribute(entry, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
    if (type == S_IFDIR) {
      return false;
    }
    if (type != S_IFSOCK) {
      return true;
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(entry));
      return false;
    } catch (IOException refused) {
      return true;
    }
  }
}
