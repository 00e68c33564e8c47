package dev.slmmesh.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeTest {
  @TempDir Path dir;

  @Test
  void handlesOnlyLinuxOnKnownArchitectures() {
    assertThat(SqliteNative.resource("Linux", "amd64"))
        .isEqualTo("/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
    assertThat(SqliteNative.resource("Linux", "aarch64"))
        .isEqualTo("/org/sqlite/native/Linux/aarch64/libsqlitejdbc.so");
    assertThat(SqliteNative.resource("Mac OS X", "aarch64")).isNull();
    assertThat(SqliteNative.resource("Linux", "riscv64")).isNull();
  }

  @Test
  void installsAnOwnerOnlyCopyOnceAndReplacesOneOfTheWrongSize() throws Exception {
    Path source = dir.resolve("lib.so");
    Files.write(source, new byte[] {1, 2, 3, 4});
    URL url = source.toUri().toURL();
    Path nativeDir = dir.resolve("native");

    SqliteNative.install(url, nativeDir, "libx.so");
    Path copy = nativeDir.resolve("libx.so");
    assertThat(copy).hasBinaryContent(new byte[] {1, 2, 3, 4});
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nativeDir)))
        .isEqualTo("rwx------");
    long modified = Files.getLastModifiedTime(copy).toMillis();

    SqliteNative.install(url, nativeDir, "libx.so");
    assertThat(Files.getLastModifiedTime(copy).toMillis()).isEqualTo(modified);

    Files.write(copy, new byte[] {9});
    SqliteNative.install(url, nativeDir, "libx.so");
    assertThat(copy).hasBinaryContent(new byte[] {1, 2, 3, 4});
    try (var files = Files.list(nativeDir)) {
      assertThat(files).containsExactly(copy);
    }
  }
}
