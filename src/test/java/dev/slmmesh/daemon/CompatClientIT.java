package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.wire.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stdlib-only Python client making the original client's exact requests drives every method. */
class CompatClientIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  @Test
  void theOriginalsPythonClientRequestsAllWork() throws Exception {
    try (BrokerDaemon daemon = BrokerDaemon.start(Config.defaults(dir).withPort(0))) {
      ProcessBuilder pb =
          new ProcessBuilder(
              "python3",
              Path.of("src/test/python/compat_client.py").toAbsolutePath().toString(),
              Integer.toString(daemon.port()));
      pb.environment().put("SLM_MESH_DATA_DIR", dir.toString());
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      JsonNode r = Json.MAPPER.readTree(out);
      String a = r.at("/register/0/peerId").asText();
      String b = r.at("/register/1/peerId").asText();
      assertThat(r.at("/health/status").asText()).isEqualTo("ok");
      assertThat(r.at("/register/0/name").asText()).isEqualTo("py-a");
      assertThat(r.at("/register/1/name").asText()).isEqualTo("peer-" + b.substring(0, 6));
      assertThat(r.at("/heartbeat/ok").asBoolean()).isTrue();
      assertThat(r.at("/summary/ok").asBoolean()).isTrue();
      assertThat(r.get("peers")).hasSize(2);
      assertThat(r.at("/peers/0/summary").asText()).isEqualTo("python here");
      assertThat(r.get("send").asText()).hasSize(36);
      assertThat(r.get("broadcast")).hasSize(1);
      assertThat(r.at("/inbox/0/payload").asText()).isEqualTo("hello from python");
      assertThat(r.at("/inbox/0/fromPeer").asText()).isEqualTo(a);
      assertThat(r.get("inbox_again")).isEmpty();
      assertThat(r.get("inbox_all")).hasSize(1);
      assertThat(r.at("/state_get/value").asText()).isEqualTo("42");
      assertThat(r.get("state_list")).hasSize(1);
      assertThat(r.get("state_after_delete").isNull()).isTrue();
      assertThat(r.at("/lock/filePath").asText()).isEqualTo("/repo/src/auth.ts");
      assertThat(r.get("lock_refused")).isEmpty();
      assertThat(r.get("locks")).hasSize(1);
      assertThat(r.get("locks_after_unlock")).isEmpty();
      assertThat(r.get("events")).hasSize(2);
      assertThat(r.get("events_since_future")).isEmpty();
      assertThat(r.at("/status/peers/active").asInt()).isEqualTo(2);
      assertThat(r.at("/unregister/ok").asBoolean()).isTrue();
      assertThat(r.get("peers_after")).hasSize(1);
    }
  }
}
