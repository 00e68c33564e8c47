package dev.slmmesh.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's password file, as libpq reads it: lines {@code host:port:database:user:password},
 * {@code *} matching anything in the first four fields, {@code \:} and {@code \\} escapes, {@code
 * #} comments, the first matching line winning. Like libpq, a file that its group or others may
 * read is refused (here with an error, so that the reason a login fails is never hidden).
 */
final class PgPassFile {
  private PgPassFile() {}

  static Path location(Map<String, String> env) {
    String named = env.get("PGPASSFILE");
    if (named != null && !named.isBlank()) {
      return Path.of(named.trim());
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".pgpass");
  }

  /** The password of the first line matching the connection, or null (no file, no match). */
  static @Nullable String lookup(Path file, String host, int port, String database, String user) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file);
      if (modes.stream()
          .anyMatch(m -> m.name().startsWith("GROUP") || m.name().startsWith("OTHERS"))) {
        throw new IllegalArgumentException(
            "Password file "
                + file
                + " may be read by others; chmod 0600 it (it is read for "
                + StoreSettings.SETTING
                + ")");
      }
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        List<String> fields = split(line);
        if (fields.size() == 5
            && matches(fields.get(0), host)
            && matches(fields.get(1), Integer.toString(port))
            && matches(fields.get(2), database)
            && matches(fields.get(3), user)) {
          return fields.get(4);
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read password file " + file + ": " + e.getMessage(), e);
    } catch (UnsupportedOperationException e) {
      return null; // not a POSIX file system: no password file support
    }
  }

  private static boolean matches(String pattern, String value) {
    return pattern.equals("*") || pattern.equals(value);
  }

  private static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        field.append(line.charAt(++i));
      } else if (c == ':' && fields.size() < 4) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
