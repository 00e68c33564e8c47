package dev.slmmesh.daemon;

import dev.slmmesh.config.Config;
import dev.slmmesh.http.WarmUp;
import java.io.PrintStream;

/** {@code slm-mesh start}: runs the broker in the foreground until it stops. */
public final class DaemonMain {
  private DaemonMain() {}

  /**
   * Starts loading the HTTP server's and the JSON path's classes on a background thread; called
   * first thing when the command is {@code start}, so that this overlaps with the logging and
   * configuration set-up of the main thread.
   */
  public static void warmUp() {
    WarmUp.inBackground();
  }

  /** Returns the process exit code: 0 after a clean stop, 1 if the broker could not start. */
  public static int run(Config config, PrintStream err) {
    BrokerDaemon daemon;
    try {
      daemon = BrokerDaemon.start(config);
    } catch (DataDirLock.AlreadyRunningException e) {
      err.println(e.getMessage());
      return 1;
    } catch (Exception e) {
      err.println("[slm-mesh] Broker fatal: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "broker-shutdown-hook"));
    try {
      daemon.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      daemon.close();
    }
    return 0;
  }
}
