package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class McpWarmUpTest {
  @Test
  void warmsTheHandshakePathOnADaemonThreadThatEnds() throws InterruptedException {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    McpWarmUp.inBackground();
    Thread warmUp =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t) && t.getName().equals("mcp-warmup"))
            .findFirst()
            .orElse(null);
    if (warmUp != null) { // it may already have ended
      assertThat(warmUp.isDaemon()).as("must never keep the server's JVM alive").isTrue();
      warmUp.join(Duration.ofSeconds(30).toMillis());
      assertThat(warmUp.isAlive()).isFalse();
    }
    assertThatCode(McpWarmUp::run).doesNotThrowAnyException();
    assertThat(ToolCatalog.all()).hasSize(8);
  }
}
