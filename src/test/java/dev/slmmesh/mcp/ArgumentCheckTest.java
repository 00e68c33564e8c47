package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.Json;
import org.junit.jupiter.api.Test;

class ArgumentCheckTest {
  private static ToolSpec tool(String name) {
    return ToolCatalog.find(name).orElseThrow();
  }

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void keepsValidArgumentsAndRefusesUnknownOnesInEveryTool() throws Exception {
    JsonNode checked =
        ArgumentCheck.check(
            tool("mesh_inbox"), json("{\"filter\":\"all\",\"limit\":100,\"ack\":[\"m1\"]}"));
    assertThat(checked.toString()).isEqualTo("{\"filter\":\"all\",\"limit\":100,\"ack\":[\"m1\"]}");
    assertThatThrownBy(
            () -> ArgumentCheck.check(tool("mesh_inbox"), json("{\"limit\":5,\"bogus\":1}")))
        .hasMessage(
            "Invalid arguments for mesh_inbox: unknown argument \"bogus\" (it takes "
                + "filter, from, limit, ack)");
    assertThatThrownBy(() -> ArgumentCheck.check(tool("mesh_status"), json("{\"verbose\":true}")))
        .hasMessage(
            "Invalid arguments for mesh_status: unknown argument \"verbose\" (mesh_status "
                + "takes none)");
    for (ToolSpec t : ToolCatalog.all()) {
      assertThatThrownBy(() -> ArgumentCheck.check(t, json("{\"zzz\":1}")))
          .as(t.name())
          .hasMessageContaining("unknown argument \"zzz\"");
    }
  }

  @Test
  void theToolsTakeTheSameLimitsAsTheCliAndTheBroker() throws Exception {
    assertThat(
            ArgumentCheck.check(
                    tool("mesh_lock"), json("{\"action\":\"lock\",\"ttlMinutes\":1440}"))
                .get("ttlMinutes")
                .asInt())
        .isEqualTo(1440);
    assertThat(
            ArgumentCheck.check(tool("mesh_events"), json("{\"limit\":1000}")).get("limit").asInt())
        .isEqualTo(1000);
    assertThat(
            ArgumentCheck.check(tool("mesh_inbox"), json("{\"limit\":1000}")).get("limit").asInt())
        .isEqualTo(1000);
    assertThatThrownBy(() -> ArgumentCheck.check(tool("mesh_inbox"), json("{\"limit\":1001}")))
        .hasMessageContaining("\"limit\" must be an integer from 1 to 1000, got 1001");
    assertThatThrownBy(
            () ->
                ArgumentCheck.check(
                    tool("mesh_state"),
                    json("{\"action\":\"get\",\"key\":\"" + "k".repeat(1025) + "\"}")))
        .hasMessageContaining("\"key\" must be at most 1024 characters, got 1025");
  }

  @Test
  void acceptsAnIntegralFloatAsAnInteger() throws Exception {
    JsonNode checked =
        ArgumentCheck.check(tool("mesh_lock"), json("{\"action\":\"lock\",\"ttlMinutes\":10.0}"));
    assertThat(checked.get("ttlMinutes").asInt()).isEqualTo(10);
  }

  @Test
  void rejectsEachKindOfViolationWithAClearMessage() {
    assertThatThrownBy(() -> ArgumentCheck.check(tool("mesh_send"), json("{\"to\":\"all\"}")))
        .hasMessage("Invalid arguments for mesh_send: \"message\" is required");
    assertThatThrownBy(
            () ->
                ArgumentCheck.check(
                    tool("mesh_lock"), json("{\"action\":\"lock\",\"ttlMinutes\":1441}")))
        .hasMessage(
            "Invalid arguments for mesh_lock: \"ttlMinutes\" must be an integer from 1 "
                + "to 1440, got 1441");
    assertThatThrownBy(() -> ArgumentCheck.check(tool("mesh_events"), json("{\"limit\":2.5}")))
        .hasMessageContaining("\"limit\" must be an integer from 1 to 1000, got 2.5");
    assertThatThrownBy(() -> ArgumentCheck.check(tool("mesh_summary"), json("{\"summary\":\"\"}")))
        .hasMessage("Invalid arguments for mesh_summary: \"summary\" must not be empty");
    assertThatThrownBy(
            () ->
                ArgumentCheck.check(
                    tool("mesh_summary"), json("{\"summary\":\"" + "s".repeat(2501) + "\"}")))
        .hasMessageContaining("must be at most 2500 characters, got 2501");
    assertThatThrownBy(
            () -> ArgumentCheck.check(tool("mesh_send"), json("{\"to\":5,\"message\":\"x\"}")))
        .hasMessageContaining("\"to\" must be a string, got 5");
    assertThatThrownBy(
            () -> ArgumentCheck.check(tool("mesh_events"), json("{\"types\":[\"a\",3]}")))
        .hasMessageContaining("\"types\" must contain only non-empty strings, got 3");
    assertThatThrownBy(
            () ->
                ArgumentCheck.check(
                    tool("mesh_events"), json("{\"action\":\"emit\",\"type\":\"t\",\"data\":[1]}")))
        .hasMessageContaining("\"data\" must be a JSON object");
    assertThatThrownBy(() -> ArgumentCheck.check(tool("mesh_status"), json("[1]")))
        .hasMessage("Invalid arguments for mesh_status: arguments must be a JSON object");
  }

  @Test
  void schemasKeepTheOriginalsShapeAndOrder() {
    assertThat(ToolCatalog.all())
        .extracting(ToolSpec::name)
        .containsExactly(
            "mesh_peers",
            "mesh_summary",
            "mesh_send",
            "mesh_inbox",
            "mesh_state",
            "mesh_lock",
            "mesh_events",
            "mesh_status");
    assertThat(tool("mesh_peers").inputSchema().toString())
        .isEqualTo(
            "{\"type\":\"object\",\"properties\":{\"scope\":{\"type\":\"string\",\"enum\":"
                + "[\"machine\",\"mesh\",\"directory\",\"repo\"],\"description\":\"machine (default: "
                + "peers on this machine), mesh (every machine of a multi-machine mesh), "
                + "directory (same project directory), repo (same git repository)\"}}}");
    assertThat(tool("mesh_send").inputSchema().get("required").toString())
        .isEqualTo("[\"to\",\"message\"]");
    assertThat(tool("mesh_inbox").inputSchema().path("properties").path("limit").toString())
        .contains("\"minimum\":1,\"maximum\":1000,");
    assertThat(tool("mesh_status").inputSchema().toString())
        .isEqualTo("{\"type\":\"object\",\"properties\":{}}");
  }
}
