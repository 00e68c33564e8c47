package dev.slmmesh.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up checks of a database file: SQLite's {@code quick_check} (a damaged file is refused
 * and moved aside, kept, with a message naming both files and what to do), and the detection of a
 * store emptied behind the broker's back (a 0-byte {@code mesh.db} beside the marker {@code
 * mesh.db.created} that the broker writes once a store exists).
 */
final class StoreCheck {
  private static final Logger LOG = LoggerFactory.getLogger(StoreCheck.class);

  /** Suffix of a damaged store set aside: {@code mesh.db.corrupt-<UTC time>} (and its -wal). */
  static final String SET_ASIDE = ".corrupt-";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private StoreCheck() {}

  /** The marker file that says a store existed at {@code database}. */
  static Path marker(Path database) {
    return database.resolveSibling(database.getFileName() + ".created");
  }

  /** Before SQLite opens it: true (and a warning) if the file is empty although a store existed. */
  static boolean emptiedStore(Path database) {
    try {
      if (Files.exists(database) && Files.size(database) == 0 && Files.exists(marker(database))) {
        LOG.warn(
            "The store {} is empty (0 bytes) although a store existed there (created {}): its"
                + " messages, state and locks are gone. Starting with an empty store; restore a"
                + " backup of {} while the broker is stopped to get them back",
            database,
            Files.readString(marker(database)).trim(),
            database);
        return true;
      }
    } catch (IOException e) {
      LOG.warn("Cannot inspect {}: {}", database, e.toString());
    }
    return false;
  }

  /** After a successful open: records that a store exists here (once). */
  static void markCreated(Path database, Instant now) {
    Path marker = marker(database);
    if (Files.exists(marker)) {
      return;
    }
    try {
      Files.writeString(marker, now.toString() + System.lineSeparator());
      if (Files.getFileStore(marker).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(
            marker, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      LOG.warn("Cannot write {}: {}", marker, e.toString());
    }
  }

  /** SQLite's {@code quick_check}: empty if the file is sound, else its first complaint. */
  static Optional<String> quickCheck(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA quick_check(1)")) {
      String first = row.next() ? row.getString(1) : "ok";
      return "ok".equals(first) ? Optional.empty() : Optional.of(first.replace('\n', ' ').trim());
    }
  }

  /**
   * Moves the damaged database and its companions aside (kept) and returns the refusal to throw: it
   * names the file, where it went and what to do.
   */
  static StoreException setAside(DatabaseFiles files, StoreException damage, Instant now) {
    Path database = files.database();
    Path aside = database.resolveSibling(database.getFileName() + SET_ASIDE + STAMP.format(now));
    try {
      for (Path file : List.of(files.wal(), files.shm())) {
        if (Files.exists(file)) {
          Files.move(
              file,
              aside.resolveSibling(
                  aside.getFileName()
                      + file.getFileName()
                          .toString()
                          .substring(database.getFileName().toString().length())),
              StandardCopyOption.ATOMIC_MOVE);
        }
      }
      Files.move(database, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      damage.addSuppressed(e);
      return new StoreException(
          "The store "
              + database
              + " is damaged ("
              + damage.getMessage()
              + ") and could not be"
              + " moved aside ("
              + e
              + "). Stop anything using it, move it away yourself and start"
              + " again for an empty store, or restore a backup",
          damage,
          StoreException.Kind.CORRUPT);
    }
    return new StoreException(
        "The store "
            + database
            + " is damaged ("
            + damage.getMessage()
            + "). It was moved aside"
            + " to "
            + aside
            + " (kept: 'sqlite3 "
            + aside
            + " .recover' may save its rows). Start"
            + " the broker again to begin with an empty store, or put a backup at "
            + database
            + " first. 'slm-mesh doctor' lists stores set aside",
        damage,
        StoreException.Kind.CORRUPT);
  }
}
