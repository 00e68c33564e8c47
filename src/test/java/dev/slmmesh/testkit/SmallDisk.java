package dev.slmmesh.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tmpfs of a few MiB mounted by the test on a directory of its own (root only), so that a
 * broker's data directory can really run out of space; {@link #fill} takes the rest of it and
 * {@link #free} gives it back.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path mountPoint;
  private boolean mounted;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /**
   * Mounts a tmpfs of {@code mib} MiB on {@code mountPoint}; empty with the reason if it cannot.
   */
  public static SmallDisk mount(Path mountPoint, int mib) throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    SmallDisk disk = new SmallDisk(mountPoint);
    String out =
        NetnsPair.run(
            List.of(
                "mount",
                "-t",
                "tmpfs",
                "-o",
                "size=" + mib + "m,mode=0700",
                "tmpfs",
                mountPoint.toString()));
    disk.mounted = isMountPoint(mountPoint);
    if (!disk.mounted) {
      throw new IOException("mount -t tmpfs on " + mountPoint + " failed: " + out);
    }
    return disk;
  }

  /** Why a small disk cannot be mounted here, or null if it can be tried. */
  public static @Nullable String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "not root: mounting a small tmpfs needs root (run the suite as root, as CI does)";
    }
    if (!Files.isExecutable(Path.of("/bin/mount"))
        && !Files.isExecutable(Path.of("/usr/bin/mount"))) {
      return "no mount command";
    }
    return null;
  }

  private static boolean isMountPoint(Path dir) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
        .anyMatch(line -> line.split(" ")[1].equals(dir.toString()));
  }

  public Path path() {
    return mountPoint;
  }

  /** Writes a filler file into {@code dir} until its disk has no room left. */
  public static void fill(Path dir) throws IOException {
    byte[] block = new byte[4096];
    try (var out = Files.newOutputStream(dir.resolve("filler"))) {
      for (int i = 0; i < 1 << 20; i++) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      // No space left on device: the disk is full, as wanted.
      return;
    }
    throw new IOException("filler never ran out of space in " + dir);
  }

  /** Deletes the filler of {@link #fill}. */
  public static void free(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve("filler"));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (mounted) {
      NetnsPair.run(List.of("umount", "-l", mountPoint.toString()));
      mounted = false;
    }
  }
}
