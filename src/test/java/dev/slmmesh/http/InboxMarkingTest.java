package dev.slmmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.broker.Broker;
import dev.slmmesh.config.Config;
import dev.slmmesh.store.SqliteStore;
import dev.slmmesh.store.Store;
import dev.slmmesh.testkit.MutableClock;
import dev.slmmesh.testkit.RecordingPush;
import dev.slmmesh.wire.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /messages} marks messages whose sender is not a registered peer (additive field). */
class InboxMarkingTest {
  private final Store store = SqliteStore.inMemory();
  private final Broker broker =
      Broker.assemble(
          Config.defaults(Path.of("/data")),
          store,
          new RecordingPush(),
          MutableClock.at("2026-04-08T10:00:00Z"),
          List.of(Path.of("/data/peers")),
          () -> 0);
  private final Map<String, Route> routes = HttpApi.routes(broker, Duration.ofMinutes(10), false);

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void messagesFromUnregisteredSendersCarrySenderRegisteredFalse() {
    String bob = id(call("POST /register", "projectPath", "/r", "pid", 1, "name", "bob"));
    String alice = id(call("POST /register", "projectPath", "/r", "pid", 2, "name", "alice"));
    call("POST /send", "fromPeer", "cli", "toPeer", bob, "payload", "from a script");
    call("POST /send", "fromPeer", alice, "toPeer", bob, "payload", "from alice");

    JsonNode inbox = call("POST /messages", "peerId", bob);
    String json = Json.write(inbox);
    assertThat(inbox.get("messages").toString()).contains("\"fromPeer\":\"cli\"");
    assertThat(json).containsOnlyOnce("\"senderRegistered\":false");
    int cli = json.indexOf("\"fromPeer\":\"cli\"");
    int marked = json.indexOf("\"senderRegistered\":false");
    int next = json.indexOf("}", cli);
    assertThat(marked).isBetween(cli, next);
  }

  private static String id(JsonNode r) {
    return r.get("peerId").asText();
  }

  /** The route's answer as the client reads it (its JSON). */
  private JsonNode call(String route, Object... kv) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      body.set((String) kv[i], Json.MAPPER.valueToTree(kv[i + 1]));
    }
    return Json.MAPPER.valueToTree(routes.get(route).handle(new JsonBody(body)));
  }
}
