package dev.slmmesh.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Owner-only files and directories of the data directory (docs/wire.md, "Files in the data
 * directory"): directories 0700 (existing ones tightened), files 0600, written atomically so a
 * reader never sees a half-written token, port or pid.
 */
public final class SecureFiles {
  public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private SecureFiles() {}

  /**
   * Creates the directory if needed, every missing parent 0700 as well, and makes it 0700. Safe
   * when several processes create the same directories at once.
   */
  public static Path ensureDir(Path dir) throws IOException {
    createOwnerOnly(dir.toAbsolutePath());
    Files.setPosixFilePermissions(dir, DIR);
    return dir;
  }

  private static void createOwnerOnly(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      createOwnerOnly(parent);
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      // another process created it first; the caller tightens the leaf
    }
  }

  /**
   * Writes {@code text} to {@code file} with mode 0600 by rename, so it appears whole or not at
   * all.
   */
  public static void writeAtomically(Path file, String text) throws IOException {
    writeAtomically(file, text, FILE);
  }

  /**
   * Writes {@code text} to {@code file} by rename, so it appears whole or not at all, with {@code
   * mode} (set once the text is written: the text is never readable beyond 0600 before).
   */
  public static void writeAtomically(Path file, String text, Set<PosixFilePermission> mode)
      throws IOException {
    // a fresh name for each writer: two threads (or processes) writing the same file never share a
    // temp file
    Path tmp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(),
            "." + file.getFileName() + ".",
            ".tmp",
            PosixFilePermissions.asFileAttribute(FILE));
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      if (!mode.equals(FILE)) {
        Files.setPosixFilePermissions(tmp, mode);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates the file 0600 if absent, and makes an existing one 0600. */
  public static Path ensureFile(Path file) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another process created it first; tighten it below
      }
    }
    Files.setPosixFilePermissions(file, FILE);
    return file;
  }

  /** The trimmed contents of a small file, or empty if it is missing, unreadable or blank. */
  public static Optional<String> read(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).trim();
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The numeric user id of this process (for the original's {@code /tmp/slm-mesh-<uid>} fallback).
   */
  public static String uid() {
    return Long.toString(new com.sun.security.auth.module.UnixSystem().getUid());
  }
}
