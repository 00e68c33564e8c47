package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.setup.ClientDescriptor;
import dev.slmmesh.setup.ClientHome;
import dev.slmmesh.setup.KnownClients;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * One descriptor per client, read by every command: for each of {@link KnownClients#ALL}, {@code
 * setup <client>} accepts it and writes its MCP entry, {@code doctor} lists it, it gets hook
 * entries (messages and the lock guard) exactly when its descriptor has hooks, and {@code hook
 * <client>} accepts it exactly then.
 */
class EveryClientTest {
  private static final String LAUNCHER = "/opt/slm-mesh/bin/slm-mesh";

  @TempDir Path root;

  @TestFactory
  Stream<DynamicTest> everyDescriptorIsSetUpListedAndHookedAsItSays() {
    return KnownClients.ALL.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> check(c)));
  }

  private void check(ClientDescriptor c) throws IOException {
    Path home = root.resolve(c.id());
    Map<String, String> env = Map.of("HOME", home.toString());
    CliRun cli =
        new CliRun(
            Config.defaults(home.resolve(".slm-mesh")).withPort(1).withEnvironment(env), home);
    ClientHome where = new ClientHome(home, env, false);

    assertThat(cli.run("setup", "--help").out()).contains(c.id());
    CliRun.Result setup = cli.run("setup", c.id(), "--command", LAUNCHER);
    assertThat(setup.code()).as(setup.toString()).isZero();
    assertThat(Files.readString(c.mcpFile(where))).contains("slm-mesh", LAUNCHER);

    CliRun.Result doctor = cli.run("doctor", "--json");
    JsonNode row = rowNamed(Json.MAPPER.readTree(doctor.out()), "client " + c.id());
    assertThat(row.path("status").asText()).as(doctor.toString()).isEqualTo("ok");
    assertThat(row.path("detail").asText())
        .startsWith("slm-mesh MCP server in " + c.mcpFile(where));

    List<String> settings = settingsTexts(home);
    assertThat(settings.stream().anyMatch(t -> t.contains("slm-mesh-hook")))
        .as("message hooks")
        .isEqualTo(c.hasHooks());
    assertThat(settings.stream().anyMatch(t -> t.contains("lock-guard")))
        .as("lock guard")
        .isEqualTo(c.hasHooks());
    assertThat(cli.run("hook", c.id()).code()).as("hook " + c.id()).isEqualTo(c.hasHooks() ? 0 : 2);
  }

  private static JsonNode rowNamed(JsonNode doctor, String name) {
    for (JsonNode check : doctor.path("checks")) {
      if (check.path("name").asText().equals(name)) {
        return check;
      }
    }
    throw new AssertionError("doctor has no row " + name + ": " + doctor);
  }

  /** Every file setup wrote in the home, except the data directory's hook scripts themselves. */
  private static List<String> settingsTexts(Path home) throws IOException {
    try (Stream<Path> files = Files.walk(home)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(home.resolve(".slm-mesh")))
          .map(
              f -> {
                try {
                  return Files.readString(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
