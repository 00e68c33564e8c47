package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.config.Config;
import dev.slmmesh.testkit.FakeMemoryEndpoint;
import dev.slmmesh.testkit.FakeSlm;
import dev.slmmesh.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slm-mesh recall}: straight from the memory system, with clear failures. */
class RecallCommandIT {
  @TempDir Path home;

  private CliRun cli(Map<String, String> env) {
    return new CliRun(Config.defaults(home.resolve("data")).withEnvironment(env), home);
  }

  @Test
  void printsWhatTheSlmCommandRecalls() throws Exception {
    FakeSlm slm = FakeSlm.working(home.resolve("bin"));
    Files.writeString(
        slm.store,
        "[mesh:message] a -> b: release on Friday\n[mesh:state] default/k = v (by a)\n"
            + "[mesh:event] release_tagged by b: {}\n");
    CliRun.Result r = cli(Map.of("PATH", slm.dir.toString())).run("recall", "release");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "[mesh:message] a -> b: release on Friday\n[mesh:event] release_tagged by b: {}\n");
    CliRun.Result one =
        cli(Map.of("PATH", slm.dir.toString())).run("recall", "release", "--limit", "1", "--json");
    JsonNode doc = Json.MAPPER.readTree(one.out());
    assertThat(doc.path("ok").asBoolean()).isTrue();
    assertThat(doc.path("memories")).hasSize(1);
  }

  @Test
  void asksTheEndpointOfAnHttpPeerUrl() throws Exception {
    try (FakeMemoryEndpoint slm = new FakeMemoryEndpoint()) {
      slm.remembered.add("[mesh:state] default/db = postgres (by a)");
      CliRun.Result r = cli(Map.of("SLM_MESH_PEER_URL", slm.url())).run("recall", "db");
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).isEqualTo("[mesh:state] default/db = postgres (by a)\n");
    }
  }

  @Test
  void failsClearlyWithoutAMemorySystemOrWhenItFails() throws Exception {
    CliRun.Result none = cli(Map.of("SLM_MESH_MEMORY", "off")).run("recall", "x");
    assertThat(none.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(none.err())
        .contains("Memory bridge off (SLM_MESH_MEMORY=off)")
        .contains("SLM_MESH_MEMORY_URL");
    CliRun.Result failing =
        cli(Map.of("PATH", FakeSlm.failing(home.resolve("bin")).dir.toString())).run("recall", "x");
    assertThat(failing.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(failing.err()).contains("exited with status 3: database is locked");
    CliRun.Result usage = cli(Map.of()).run("recall");
    assertThat(usage.code()).isEqualTo(ExitCode.USAGE);
  }
}
