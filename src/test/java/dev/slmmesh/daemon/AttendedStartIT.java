package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.testkit.BrokerProcess;
import dev.slmmesh.testkit.FakePeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slm-mesh start} typed by a person in a terminal (a pseudo-terminal made by util-linux's
 * {@code script}) stays up while idle, where a broker without a terminal stops (IdleShutdownIT).
 */
class AttendedStartIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path tmp;

  @Test
  void aBrokerStartedInATerminalIgnoresIdleAndSaysHowToStopIt() throws Exception {
    Path script = Path.of("/usr/bin/script");
    Assumptions.assumeTrue(
        Files.isExecutable(script), "skipped: no /usr/bin/script (util-linux) to make a terminal");
    Path data = tmp.resolve("d");
    Path out = tmp.resolve("terminal.out");
    String command =
        "exec "
            + BrokerProcess.java()
            + " -Xshare:auto -XX:TieredStopAtLevel=1 -jar "
            + BrokerProcess.jar()
            + " start";
    ProcessBuilder pb =
        new ProcessBuilder(script.toString(), "-q", "-f", "-e", "-c", command, "/dev/null");
    pb.environment().put("SLM_MESH_DATA_DIR", data.toString());
    pb.environment().put("SLM_MESH_PORT", Integer.toString(BrokerProcess.freePort()));
    pb.environment().put("SLM_MESH_IDLE_MS", "1000");
    pb.redirectErrorStream(true).redirectOutput(out.toFile());
    Process terminal = pb.start(); // stdin stays an open pipe: no end of input reaches the broker
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> BrokerProcess.client(data).isPresent());
      assertThat(terminal.waitFor(5, java.util.concurrent.TimeUnit.SECONDS))
          .as("idle for 5 s with SLM_MESH_IDLE_MS=1000, still running:\n" + Files.readString(out))
          .isFalse();
      assertThat(BrokerProcess.client(data)).isPresent();
      assertThat(Files.readString(out)).contains("runs until Ctrl-C; use a second terminal");
    } finally {
      SecureFiles.read(data.resolve("broker.pid"))
          .map(String::trim)
          .map(Long::parseLong)
          .flatMap(ProcessHandle::of)
          .ifPresent(ProcessHandle::destroy);
      terminal.destroy();
      terminal.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
