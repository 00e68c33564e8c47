package dev.slmmesh.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * A database file and its {@code -wal} / {@code -shm} companions, kept readable by the owner only:
 * all three hold message contents (the original left the WAL world-readable). SQLite creates the
 * companions with the database file's mode, so creating that file 0600 before SQLite opens it
 * covers them from the start; {@link #tighten} repairs the rest.
 */
final class DatabaseFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path database;

  DatabaseFiles(Path database) {
    this.database = database.toAbsolutePath();
  }

  Path database() {
    return database;
  }

  Path wal() {
    return database.resolveSibling(database.getFileName() + "-wal");
  }

  /** Where a private copy of the SQLite driver's native library is kept (see SqliteNative). */
  Path nativeDir() {
    return database.resolveSibling("native");
  }

  Path shm() {
    return database.resolveSibling(database.getFileName() + "-shm");
  }

  /** Creates the database file with mode 0600 if absent, then tightens whatever exists. */
  void createPrivate() {
    try {
      if (posix()) {
        Files.createFile(database, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(database);
      }
    } catch (FileAlreadyExistsException alreadyThere) {
      // An existing database: its mode is repaired below.
    } catch (IOException e) {
      throw new StoreException("Cannot create database file " + database + ": " + e, e);
    }
    tighten();
  }

  /** Sets mode 0600 on the database and on any companion file that exists now. */
  void tighten() {
    if (!posix()) {
      return;
    }
    for (Path file : List.of(database, wal(), shm())) {
      try {
        if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
          Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
      } catch (NoSuchFileException absent) {
        // Companions exist only while the database is open in WAL mode; nothing to protect.
      } catch (IOException e) {
        throw new StoreException("Cannot set mode 0600 on " + file + ": " + e, e);
      }
    }
  }

  private boolean posix() {
    return database.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
