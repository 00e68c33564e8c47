package dev.slmmesh.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Creates the data directory and its subdirectories as the original does: mode 0700 when new. */
public final class DataDirs {
  private DataDirs() {}

  public static void create(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      create(parent);
    }
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // created concurrently by another session: fine
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
  }
}
