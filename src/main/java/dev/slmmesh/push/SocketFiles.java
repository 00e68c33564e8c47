package dev.slmmesh.push;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a peer's socket path before the broker connects to it (the original connects to any
 * caller-supplied path). Symbolic links are never followed.
 */
final class SocketFiles {

  private static final int TYPE_MASK = 0170000;
  private static final int TYPE_SOCKET = 0140000;
  private static final int TYPE_SYMLINK = 0120000;

  private SocketFiles() {}

  /**
   * Why {@code path} must not be connected to, or empty if it is a socket file.
   *
   * @throws java.nio.file.NoSuchFileException if nothing exists at the path
   * @throws IOException if its attributes cannot be read
   */
  static Optional<String> refusal(Path path) throws IOException {
    int type;
    try {
      Map<String, Object> attrs =
          Files.readAttributes(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      type = ((Integer) attrs.get("mode")) & TYPE_MASK;
    } catch (UnsupportedOperationException e) {
      // no "unix" attribute view on this platform: fall back to the portable classification
      return portableRefusal(path);
    }
    if (type == TYPE_SOCKET) {
      return Optional.empty();
    }
    return Optional.of(type == TYPE_SYMLINK ? "is a symbolic link" : describe(type));
  }

  private static Optional<String> portableRefusal(Path path) throws IOException {
    BasicFileAttributes attrs =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isSymbolicLink()) {
      return Optional.of("is a symbolic link");
    }
    return attrs.isOther() ? Optional.empty() : Optional.of("is not a socket file");
  }

  private static String describe(int type) {
    if (type == 0100000) {
      return "is a regular file, not a socket";
    }
    if (type == 0040000) {
      return "is a directory, not a socket";
    }
    return "is not a socket file (type " + Integer.toOctalString(type) + ")";
  }
}
