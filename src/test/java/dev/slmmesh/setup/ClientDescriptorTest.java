package dev.slmmesh.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.setup.ClientDescriptor.HookStyle;
import dev.slmmesh.setup.ClientDescriptor.Hooks;
import dev.slmmesh.setup.ClientDescriptor.Mcp;
import dev.slmmesh.setup.ClientDescriptor.Shape;
import dev.slmmesh.setup.CommandFiles.Format;
import dev.slmmesh.setup.CommandFiles.Layout;
import dev.slmmesh.setup.HookEntries.Spec;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a client is one descriptor: a client that exists nowhere else in the code gets its MCP
 * entry, message hooks, lock guard, command files and doctor row from its descriptor alone.
 */
class ClientDescriptorTest {
  private static final ClientDescriptor ACME =
      new ClientDescriptor(
          "acme",
          "Acme Agent",
          h -> h.home().resolve(".acme"),
          Mcp.in("mcp.json", "mcpServers", Shape.JSON_PLAIN),
          new Hooks(
              "settings.json",
              HookStyle.GROUPED,
              true,
              List.of(Spec.sync("BeforeTurn")),
              "BeforeEdit",
              "edit"),
          new Layout("commands", Format.PLAIN),
          List.of());
  private static final ClientDescriptor PLAIN =
      new ClientDescriptor(
          "plain",
          "Plain Agent",
          h -> h.home().resolve(".plain"),
          Mcp.in("servers.toml", "servers", Shape.TOML_TABLE),
          null,
          null,
          List.of());

  @TempDir Path home;
  private final ConfigFileWriter writer =
      new ConfigFileWriter(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));

  private AgentClients clients() {
    return new AgentClients(
        new ClientHome(home, Map.of(), false),
        List.of("/opt/slm-mesh/bin/slm-mesh"),
        Map.of("SLM_MESH_PORT", "7001"),
        home.resolve("data/hooks/slm-mesh-hook"));
  }

  private void apply(List<SetupTarget> targets, boolean install) throws IOException {
    for (SetupTarget t : targets) {
      writer.apply(t.file(), t.edit(), install, !install, false);
    }
  }

  @Test
  void aNewDescriptorGetsEveryEntryWithoutAnyOtherChange() throws IOException {
    AgentClients clients = clients();
    List<SetupTarget> targets = new ArrayList<>(clients.targets(ACME, true, true));
    targets.addAll(new CommandFiles(clients).targets(ACME, true));
    apply(targets, true);

    JsonNode server =
        Json.MAPPER
            .readTree(home.resolve(".acme/mcp.json").toFile())
            .path("mcpServers")
            .path("slm-mesh");
    assertThat(server.path("command").asText()).isEqualTo("/opt/slm-mesh/bin/slm-mesh");
    assertThat(server.path("args").toString()).isEqualTo("[\"mcp\"]");
    assertThat(server.path("env").path("SLM_MESH_PORT").asText()).isEqualTo("7001");
    JsonNode hooks =
        Json.MAPPER.readTree(home.resolve(".acme/settings.json").toFile()).path("hooks");
    JsonNode message = hooks.path("BeforeTurn").path(0).path("hooks").path(0);
    assertThat(message.path("command").asText()).endsWith("slm-mesh-hook acme BeforeTurn");
    assertThat(message.path("timeout").asInt())
        .as("milliseconds, as the descriptor says")
        .isEqualTo(10_000);
    JsonNode guard = hooks.path("BeforeEdit").path(0);
    assertThat(guard.path("matcher").asText()).isEqualTo("edit");
    assertThat(guard.path("hooks").path(0).path("command").asText())
        .endsWith("hooks/lock-guard acme");
    try (Stream<Path> files = Files.list(home.resolve(".acme/commands"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains("mesh-send.md", "mesh-lock.md")
          .hasSize(5);
    }
    ClientHome h = new ClientHome(home, Map.of(), false);
    assertThat(ClientStatus.of(h, List.of(ACME, PLAIN)))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("client acme");
              assertThat(c.detail())
                  .contains("mcp.json", "hooks in " + home.resolve(".acme/settings.json"));
            });

    apply(clients.targets(ACME, false, true), false);
    assertThat(Files.readString(home.resolve(".acme/mcp.json"))).doesNotContain("slm-mesh");
    assertThat(Files.readString(home.resolve(".acme/settings.json"))).doesNotContain("slm-mesh");
  }

  @Test
  void aDescriptorWithoutHooksOrCommandsGetsOnlyItsServerEntry() throws IOException {
    AgentClients clients = clients();
    List<SetupTarget> targets = clients.targets(PLAIN, true, true);
    assertThat(targets).extracting(SetupTarget::what).containsExactly("MCP server");
    assertThat(new CommandFiles(clients).targets(PLAIN, true)).isEmpty();
    apply(targets, true);
    assertThat(Files.readString(home.resolve(".plain/servers.toml")))
        .startsWith(
            "[servers.slm-mesh]\ncommand = \"/opt/slm-mesh/bin/slm-mesh\"\nargs = [\"mcp\"]");
    assertThat(clients.entryText(PLAIN, targets.get(0)))
        .startsWith("[servers.slm-mesh]\ncommand = ");
    assertThat(ClientStatus.of(new ClientHome(home, Map.of(), false), List.of(PLAIN)))
        .singleElement()
        .satisfies(c -> assertThat(c.detail()).contains("Plain Agent runs no hook commands"));
  }

  @Test
  void everyKnownClientHasItsOwnIdAndOnlyHookClientsHaveNeedsOfHooks() {
    assertThat(KnownClients.IDS).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z][a-z-]*"));
    for (ClientDescriptor c : KnownClients.ALL) {
      if (c.needs().contains(ClientNeeds.Need.CODEX_HOOK_TRUST)) {
        assertThat(c.hasHooks()).as(c.id()).isTrue();
      }
    }
  }
}
