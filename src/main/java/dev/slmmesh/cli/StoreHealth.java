package dev.slmmesh.cli;

import dev.slmmesh.cli.DoctorCommand.Check;
import dev.slmmesh.cli.DoctorCommand.Level;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code doctor}'s look at the store file without opening it (the running broker holds it
 * exclusively): damaged stores the broker set aside at start ({@code mesh.db.corrupt-*}), a file
 * that is not an SQLite database, and a store emptied to 0 bytes although one existed (the broker's
 * marker {@code mesh.db.created} says so). The broker's own start-up check ({@code quick_check}) is
 * what finds damage inside a file; these name what it left behind.
 */
final class StoreHealth {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private StoreHealth() {}

  static Check check(Path database) {
    List<String> problems = new ArrayList<>();
    Level level = Level.OK;
    List<Path> aside = setAside(database);
    if (!aside.isEmpty()) {
      level = Level.WARN;
      problems.add(
          aside.size()
              + " damaged store(s) set aside by the broker at start: "
              + aside
              + "; it started again with an empty store. 'sqlite3 <file> .recover' may save their rows;"
              + " delete them once you no longer need them");
    }
    try {
      if (!Files.exists(database)) {
        return new Check(
            "store",
            level,
            join(problems, database + " does not exist yet (the broker creates it)"));
      }
      long size = Files.size(database);
      Path marker = database.resolveSibling(database.getFileName() + ".created");
      if (size == 0 && Files.exists(marker)) {
        return new Check(
            "store",
            Level.FAIL,
            join(
                problems,
                database
                    + " is empty (0 bytes) although a store"
                    + " existed (created "
                    + Files.readString(marker).trim()
                    + "): its messages, state and locks are"
                    + " gone. Stop the broker and restore a backup, or accept the empty store (delete "
                    + marker
                    + ")"));
      }
      if (size > 0 && !hasMagic(database)) {
        return new Check(
            "store",
            Level.FAIL,
            join(
                problems,
                database
                    + " is not an SQLite database (its"
                    + " header is wrong). The broker refuses it and moves it aside at its next start"));
      }
      return new Check("store", level, join(problems, database + " " + size + " bytes"));
    } catch (IOException e) {
      return new Check("store", Level.WARN, "cannot read " + database + ": " + e.getMessage());
    }
  }

  private static String join(List<String> problems, String last) {
    List<String> all = new ArrayList<>(problems);
    all.add(last);
    return String.join("; ", all);
  }

  private static boolean hasMagic(Path database) throws IOException {
    try (InputStream in = Files.newInputStream(database)) {
      return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
    }
  }

  private static List<Path> setAside(Path database) {
    List<Path> found = new ArrayList<>();
    Path dir = database.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return found;
    }
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(dir, database.getFileName() + ".corrupt-*")) {
      for (Path f : files) {
        if (!f.getFileName().toString().endsWith("-wal")
            && !f.getFileName().toString().endsWith("-shm")) {
          found.add(f);
        }
      }
    } catch (IOException e) {
      // an unreadable directory is reported by the data directory check
    }
    found.sort(null);
    return found;
  }
}
