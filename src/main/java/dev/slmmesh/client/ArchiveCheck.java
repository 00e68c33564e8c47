package dev.slmmesh.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether the class-data archive that bin/slm-mesh passed ({@code SLM_MESH_CDS_ARCHIVE}) is in use.
 * The JVM runs on without an archive it cannot map (another build of the same Java, a damaged file,
 * flags it was not made for), and the launcher keeps the JVM's own messages about it off, so this
 * says so, once: the first process that finds the archive unmapped creates {@code
 * <archive>.unusable}, prints one line, and the launcher leaves the archive out from then on
 * (docs/cli.md, "The launcher").
 */
public final class ArchiveCheck {
  static final String MARKER = ".unusable";

  /** Where Linux lists what this process has mapped. */
  public static final Path MAPS = Path.of("/proc/self/maps");

  private ArchiveCheck() {}

  /**
   * @param archive the variable's value: an absolute path when an archive was passed, else why none
   * @param maps this process's memory map ({@code /proc/self/maps}), where a used archive appears
   * @return whether the archive is in use (true also when there is nothing to check)
   */
  public static boolean check(@Nullable String archive, Path maps, PrintStream err) {
    if (archive == null || !archive.startsWith("/") || mapped(archive, maps).orElse(true)) {
      return true; // in use, or nothing to check, or no way to tell: nothing to say
    }
    Path marker = Path.of(archive + MARKER);
    try {
      Files.writeString(
          Files.createFile(marker),
          "Java "
              + Runtime.version()
              + " at "
              + System.getProperty("java.home")
              + " did not map this archive; run the same command with -Xlog:cds,aot to see why\n");
    } catch (FileAlreadyExistsException e) {
      return false; // another process has said it already
    } catch (IOException | RuntimeException e) {
      // a read-only archive directory: still say it, as there is no way to say it only once
    }
    err.println(
        "slm-mesh: the class-data archive "
            + archive
            + " could not be used by this Java;"
            + " running without it (slower start-up). Delete it and "
            + marker.getFileName()
            + " to train a new one.");
    return false;
  }

  /**
   * Whether {@code archive} appears in the memory map {@code maps}; empty when that cannot be read.
   */
  public static Optional<Boolean> mapped(String archive, Path maps) {
    try {
      return Optional.of(Files.readString(maps, StandardCharsets.ISO_8859_1).contains(archive));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
