package dev.slmmesh.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the broker keeps its data: the SQLite file in the data directory (the default, when {@code
 * SLM_MESH_STORE} is unset or blank) or a PostgreSQL database named by {@code
 * SLM_MESH_STORE=postgresql://user@host:port/database}. The password never comes from that setting
 * (it would show in process lists and shell histories): it is {@code PGPASSWORD}, else the first
 * matching line of the {@code .pgpass}-style file ({@code PGPASSFILE}, else {@code ~/.pgpass}),
 * else none (trust or peer authentication).
 *
 * @param url the setting as given (never holds a password), or null for SQLite
 * @param jdbcUrl the pgjdbc URL (host, port, database, the setting's query parameters)
 * @param passwordSource where the password came from, for error messages ({@code none} if absent)
 * @param connectWait how long opening retries an unreachable server ({@code
 *     SLM_MESH_STORE_WAIT_MS})
 */
public record StoreSettings(
    @Nullable String url,
    @Nullable String jdbcUrl,
    @Nullable String user,
    @Nullable String password,
    String passwordSource,
    Duration connectWait) {

  public static final String SETTING = "SLM_MESH_STORE";
  public static final int DEFAULT_PG_PORT = 5432;
  public static final String WAIT_SETTING = "SLM_MESH_STORE_WAIT_MS";

  /** How long a broker retries a PostgreSQL server it cannot reach before giving up. */
  public static final Duration CONNECT_WAIT = Duration.ofSeconds(20);

  public static final StoreSettings SQLITE =
      new StoreSettings(null, null, null, null, "none", CONNECT_WAIT);

  /** True for a PostgreSQL store, false for the default SQLite file. */
  public boolean postgres() {
    return jdbcUrl != null;
  }

  /**
   * Reads {@code SLM_MESH_STORE} and, for PostgreSQL, the password.
   *
   * @throws IllegalArgumentException naming the setting if the value is not a usable URL
   */
  public static StoreSettings fromEnvironment(Map<String, String> env) {
    String raw = env.get(SETTING);
    if (raw == null || raw.isBlank() || raw.trim().equalsIgnoreCase("sqlite")) {
      return SQLITE;
    }
    return postgres(raw.trim(), env);
  }

  private static StoreSettings postgres(String raw, Map<String, String> env) {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw bad(raw, "is not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
      throw bad(raw, "must start with postgresql:// (or be unset for the SQLite file)");
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw bad(raw, "names no host; expected postgresql://user@host:port/database");
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || userInfo.isBlank()) {
      throw bad(raw, "names no user; expected postgresql://user@host:port/database");
    }
    if (userInfo.contains(":")) {
      throw new IllegalArgumentException(
          SETTING
              + " must not contain a password; set PGPASSWORD or put it in a .pgpass file"
              + " (PGPASSFILE, default ~/.pgpass)");
    }
    String query = uri.getRawQuery();
    if (query != null && query.toLowerCase(Locale.ROOT).matches("(^|.*&)password=.*")) {
      throw new IllegalArgumentException(
          SETTING + " must not contain a password parameter; set PGPASSWORD or use a .pgpass file");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (database.isBlank() || database.contains("/")) {
      throw bad(raw, "names no database; expected postgresql://user@host:port/database");
    }
    int port = uri.getPort() == -1 ? DEFAULT_PG_PORT : uri.getPort();
    String user = uri.getUserInfo();
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    String jdbc =
        "jdbc:postgresql://"
            + hostPart
            + ":"
            + port
            + "/"
            + database
            + (query == null ? "" : "?" + query);
    String shown = "postgresql://" + user + "@" + hostPart + ":" + port + "/" + database;
    Duration wait = new EnvReader(env).millis(WAIT_SETTING, CONNECT_WAIT, 0, 3_600_000);
    String fromEnv = env.get("PGPASSWORD");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return new StoreSettings(shown, jdbc, user, fromEnv, "PGPASSWORD", wait);
    }
    Path file = PgPassFile.location(env);
    String fromFile = PgPassFile.lookup(file, host, port, database, user);
    return fromFile == null
        ? new StoreSettings(shown, jdbc, user, null, "none", wait)
        : new StoreSettings(shown, jdbc, user, fromFile, file.toString(), wait);
  }

  private static IllegalArgumentException bad(String raw, String why) {
    return new IllegalArgumentException(
        "Invalid " + SETTING + " \"" + withoutPassword(raw) + "\": " + why);
  }

  /** The value with anything between "//" and "@" after a colon blanked, for messages. */
  private static String withoutPassword(String raw) {
    return raw.replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return postgres()
        ? "StoreSettings[" + url + ", password from " + passwordSource + "]"
        : "StoreSettings[sqlite]";
  }
}
