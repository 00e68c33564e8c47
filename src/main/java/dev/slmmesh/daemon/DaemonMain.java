package dev.slmmesh.daemon;

import dev.slmmesh.base.Threads;
import dev.slmmesh.config.Config;
import dev.slmmesh.http.WarmUp;
import java.io.PrintStream;
import java.time.Duration;

/** {@code slm-mesh start}: runs the broker in the foreground until it stops. */
public final class DaemonMain {
  private DaemonMain() {}

  private static Config withoutIdleStop(Config config) {
    return config.withTimers(
        config.heartbeatInterval(), config.staleAfter(), config.deadAfter(), Duration.ZERO);
  }

  /**
   * Starts loading the HTTP server's and the JSON path's classes on a background thread; called
   * first thing when the command is {@code start}, so that this overlaps with the logging and
   * configuration set-up of the main thread.
   */
  public static void warmUp() {
    WarmUp.inBackground();
  }

  /**
   * Returns the process exit code: 0 after a clean stop, 1 if the broker could not start.
   *
   * @param attended a person started it in a terminal: it runs until Ctrl-C, never stopping when
   *     idle (idle stop is for the brokers that sessions start in the background)
   */
  public static int run(Config config, boolean attended, PrintStream err) {
    BrokerDaemon daemon;
    try {
      daemon = BrokerDaemon.start(attended ? withoutIdleStop(config) : config);
    } catch (DataDirLock.AlreadyRunningException e) {
      err.println(e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("[slm-mesh] Broker fatal: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(Threads.user("broker-shutdown-hook", daemon::close));
    if (attended) {
      err.println(
          "[slm-mesh] The broker runs until Ctrl-C; use a second terminal for other "
              + "slm-mesh commands.");
    }
    try {
      daemon.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      daemon.close();
    }
    return 0;
  }
}
