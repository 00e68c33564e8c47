package dev.slmmesh.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Keeps sqlite-jdbc's native library in a private directory of ours and points the driver at it.
 * Left to itself, the driver forks {@code uname -o} to rule out Android and copies its 1 MiB
 * library into the shared temporary directory at every start: together about 150 ms of a broker's
 * cold start, and a library loaded from a world-writable place. With a copy named after the driver
 * version in the (owner-only) data directory, a start only checks the copy's size. Only Linux on
 * x86-64 and AArch64 is handled; elsewhere, or if anything fails, the driver loads as it always
 * does.
 */
final class SqliteNative {
  static final String PATH_PROPERTY = "org.sqlite.lib.path";
  static final String NAME_PROPERTY = "org.sqlite.lib.name";
  private static final Logger LOG = LoggerFactory.getLogger(SqliteNative.class);
  private static final Map<String, String> LINUX_ARCHES =
      Map.of("amd64", "x86_64", "x86_64", "x86_64", "aarch64", "aarch64");

  private SqliteNative() {}

  /**
   * Makes sure {@code dir} holds this driver's library and sets the driver's path and name
   * properties, unless they are set already. Never throws: on failure the driver's own loading
   * stays in place.
   */
  static void prepare(Path dir) {
    if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
      return;
    }
    String resource =
        resource(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    URL url = resource == null ? null : SQLiteJDBCLoader.class.getResource(resource);
    if (url == null) {
      return;
    }
    String name = "libsqlitejdbc-" + SQLiteJDBCLoader.getVersion() + ".so";
    try {
      install(url, dir, name);
      System.setProperty(PATH_PROPERTY, dir.toString());
      System.setProperty(NAME_PROPERTY, name);
    } catch (IOException | RuntimeException e) {
      LOG.debug(
          "Private copy of the SQLite library in {} not usable ({}); the driver loads its own",
          dir,
          e.toString());
    }
  }

  /**
   * The driver's resource path of the library for this platform, or null if we do not handle it.
   */
  static @Nullable String resource(String osName, String osArch) {
    String arch = LINUX_ARCHES.get(osArch.toLowerCase(Locale.ROOT));
    if (!osName.startsWith("Linux") || arch == null) {
      return null;
    }
    return "/org/sqlite/native/Linux/" + arch + "/libsqlitejdbc.so";
  }

  /** Copies the library into {@code dir} unless a copy of the right size is there already. */
  static void install(URL url, Path dir, String name) throws IOException {
    Path target = dir.resolve(name);
    URLConnection connection = url.openConnection();
    long size = connection.getContentLengthLong();
    if (size > 0 && Files.isRegularFile(target) && Files.size(target) == size) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path temp =
        Files.createTempFile(
            dir,
            name,
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (InputStream in = connection.getInputStream();
        OutputStream out = Files.newOutputStream(temp)) {
      in.transferTo(out);
      out.close();
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
