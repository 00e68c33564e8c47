package dev.slmmesh.daemon;

import dev.slmmesh.config.Config;
import dev.slmmesh.config.DataDir;
import dev.slmmesh.config.StoreSettings;
import dev.slmmesh.store.PostgresStore;
import dev.slmmesh.store.PostgresTarget;
import dev.slmmesh.store.SqliteStore;
import dev.slmmesh.store.StoreCopy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code slm-mesh store migrate --to postgresql://user@host:port/db [--force]}: copies the data
 * directory's SQLite store into a PostgreSQL database (docs/team.md). It holds the data directory's
 * lock while it runs, so the broker must be stopped; the SQLite file is left as it was. Exit codes:
 * 0 copied, 1 failed (nothing written to the target), 2 bad usage.
 */
public final class StoreMigrateCommand {
  static final String USAGE =
      "usage: slm-mesh store migrate --to postgresql://user@host:port/database [--force]";

  private StoreMigrateCommand() {}

  public static int run(List<String> args, Config config, PrintStream out, PrintStream err) {
    String to = null;
    boolean force = false;
    if (args.size() < 2 || !"migrate".equals(args.get(1))) {
      err.println(USAGE);
      return 2;
    }
    for (int i = 2; i < args.size(); i++) {
      String arg = args.get(i);
      if ("--force".equals(arg)) {
        force = true;
      } else if ("--to".equals(arg) && i + 1 < args.size()) {
        to = args.get(++i);
      } else if (arg.startsWith("--to=")) {
        to = arg.substring("--to=".length());
      } else {
        err.println("slm-mesh store migrate: unknown argument \"" + arg + "\"\n" + USAGE);
        return 2;
      }
    }
    if (to == null || to.isBlank()) {
      err.println("slm-mesh store migrate: --to is required\n" + USAGE);
      return 2;
    }
    StoreSettings target;
    try {
      Map<String, String> env = new HashMap<>(config.environment());
      env.put(StoreSettings.SETTING, to);
      target = StoreSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      err.println(
          "slm-mesh store migrate: " + e.getMessage().replace(StoreSettings.SETTING, "--to"));
      return 2;
    }
    if (!target.postgres()) {
      err.println("slm-mesh store migrate: --to must be a postgresql:// URL\n" + USAGE);
      return 2;
    }
    return migrate(config.files(), target, force, out, err);
  }

  private static int migrate(
      DataDir dir, StoreSettings target, boolean force, PrintStream out, PrintStream err) {
    if (!Files.exists(dir.database())) {
      err.println("slm-mesh store migrate: no SQLite store at " + dir.database());
      return 1;
    }
    try (DataDirLock lock = DataDirLock.acquire(dir);
        SqliteStore from = SqliteStore.open(dir.database());
        PostgresStore into =
            PostgresStore.open(
                new PostgresTarget(
                    Objects.requireNonNull(target.jdbcUrl()),
                    Objects.requireNonNull(target.user()),
                    target.password(),
                    "--to " + target.url(),
                    target.passwordSource(),
                    target.connectWait()))) {
      StoreCopy.Counts counts = StoreCopy.copy(from, into, force);
      out.println(
          "Copied "
              + counts
              + " from "
              + dir.database()
              + " to "
              + target.url()
              + "; row counts verified.");
      out.println("Start the broker with SLM_MESH_STORE=" + target.url() + " to use it.");
      return 0;
    } catch (IOException | RuntimeException e) {
      String why =
          e.getMessage() != null && e.getMessage().startsWith("Broker already running")
              ? e.getMessage() + "; stop it first (slm-mesh stop)"
              : e.getMessage();
      err.println("slm-mesh store migrate: " + why);
      return 1;
    }
  }
}
