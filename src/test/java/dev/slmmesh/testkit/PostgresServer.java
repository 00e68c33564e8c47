package dev.slmmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests: Debian's {@code postgresql} binaries ({@code .ci/run}
 * installs them), a cluster made by {@code initdb} in a temporary directory, listening on a free
 * loopback port with password (SCRAM) authentication, started once per test JVM and stopped when it
 * exits. As root it runs as the {@code postgres} user, since PostgreSQL refuses to run as root.
 * Each test takes a database of its own ({@link #createDatabase}). Without the binaries a test is
 * skipped with the reason, except on CI ({@code CI=true}), where it fails.
 */
public final class PostgresServer {
  public static final String USER = "mesh";
  public static final String PASSWORD = "mesh-test-password";

  private static PostgresServer shared;

  private final Path root;
  private final Path bin;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path root, Path bin, int port) {
    this.root = root;
    this.bin = bin;
    this.port = port;
  }

  /** The server of this JVM, started on first use. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      Path bin = binaries();
      try {
        shared = start(bin);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start PostgreSQL from " + bin, e);
      }
      PostgresServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-test-stop"));
    }
    return shared;
  }

  public int port() {
    return port;
  }

  /** {@code SLM_MESH_STORE}'s value for {@code database}. */
  public String url(String database) {
    return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A new, empty database owned by {@link #USER}; returns its name. */
  public String createDatabase() {
    String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection admin = connect("postgres");
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("CREATE DATABASE " + name + " failed: " + e.getMessage(), e);
    }
    return name;
  }

  /** A superuser connection to {@code database}, for setting up and inspecting tests. */
  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", PASSWORD);
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  private static Path binaries() {
    List<Path> candidates = new ArrayList<>();
    String named = System.getenv("PG_BIN");
    if (named != null && !named.isBlank()) {
      candidates.add(Path.of(named));
    }
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      versions
          .sorted(Comparator.reverseOrder())
          .map(v -> v.resolve("bin"))
          .forEach(candidates::add);
    } catch (IOException e) {
      // no Debian layout; PG_BIN is the only candidate
    }
    for (Path dir : candidates) {
      if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))) {
        return dir;
      }
    }
    String why =
        "PostgreSQL server binaries not found (looked in "
            + candidates
            + " and PG_BIN);"
            + " install Debian's postgresql package (apt-get install -y postgresql), as .ci/run does";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(why);
    }
    System.err.println("SKIPPED: " + why);
    Assumptions.abort(why);
    throw new AssertionError(why);
  }

  private static PostgresServer start(Path bin) throws IOException {
    Path root = Files.createTempDirectory("slm-pg-");
    Path data = root.resolve("data");
    Path pwfile = root.resolve("pwfile");
    Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
    boolean root0 = "root".equals(System.getProperty("user.name"));
    if (root0) {
      run(List.of("chown", "-R", "postgres", root.toString()), root);
    }
    int port = freePort();
    run(
        asServerUser(
            root0,
            List.of(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                USER,
                "--pwfile=" + pwfile,
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync")),
        root);
    String options =
        "-p "
            + port
            + " -k "
            + root
            + " -c listen_addresses=127.0.0.1"
            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
    run(
        asServerUser(
            root0,
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                root.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start")),
        root);
    return new PostgresServer(root, bin, port);
  }

  /** Stops the server at once (no checkpoint) and deletes its files. */
  public void stop() {
    boolean root0 = "root".equals(System.getProperty("user.name"));
    try {
      run(
          asServerUser(
              root0,
              List.of(
                  bin.resolve("pg_ctl").toString(),
                  "-D",
                  root.resolve("data").toString(),
                  "-m",
                  "immediate",
                  "-w",
                  "-t",
                  "15",
                  "stop")),
          root);
    } catch (IOException | RuntimeException e) {
      System.err.println("stopping the test PostgreSQL failed: " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // temporary files; the OS cleans them
    }
  }

  private static List<String> asServerUser(boolean root, List<String> command) {
    if (!root) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static void run(List<String> command, Path dir) throws IOException {
    Path log = dir.resolve("setup.log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          command + " exited " + process.exitValue() + ":\n" + Files.readString(log));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
