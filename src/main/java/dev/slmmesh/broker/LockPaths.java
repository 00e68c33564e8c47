package dev.slmmesh.broker;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Normalizes lock keys so two spellings of one file are one lock (fixes a defect of the original):
 * absolute, {@code .} and {@code ..} resolved, no trailing slash. A relative path is resolved
 * against the locking peer's project directory when that is known.
 */
final class LockPaths {
  static final int MAX_LENGTH = 4096;

  private LockPaths() {}

  static String normalize(String filePath, @Nullable String baseDir) {
    if (filePath.length() > MAX_LENGTH || filePath.indexOf('\0') >= 0) {
      throw new BrokerException("filePath must be a path of at most " + MAX_LENGTH + " characters");
    }
    try {
      Path path = Path.of(filePath);
      if (!path.isAbsolute()) {
        if (baseDir == null || !Path.of(baseDir).isAbsolute()) {
          throw new BrokerException(
              "filePath must be absolute (or relative to a registered peer's projectPath): "
                  + filePath);
        }
        path = Path.of(baseDir).resolve(path);
      }
      return path.normalize().toString();
    } catch (InvalidPathException e) {
      throw new BrokerException("filePath is not a valid path: " + e.getReason());
    }
  }
}
