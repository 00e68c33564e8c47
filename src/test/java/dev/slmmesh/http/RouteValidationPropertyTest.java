package dev.slmmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.broker.Broker;
import dev.slmmesh.config.Config;
import dev.slmmesh.store.SqliteStore;
import dev.slmmesh.store.Store;
import dev.slmmesh.testkit.MutableClock;
import dev.slmmesh.testkit.RecordingPush;
import dev.slmmesh.wire.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every route of the local API with arbitrary bodies made of its fields (and others) holding any
 * JSON value: the answer is never a 500, and every refusal is an error text (never empty).
 */
class RouteValidationPropertyTest {
  private static final List<String> FIELDS =
      List.of(
          "peerId",
          "credential",
          "projectPath",
          "pid",
          "name",
          "agentType",
          "udsPath",
          "requestCredential",
          "acknowledges",
          "deliveryPath",
          "fromPeer",
          "toPeer",
          "payload",
          "type",
          "filter",
          "from",
          "limit",
          "messageIds",
          "action",
          "namespace",
          "key",
          "value",
          "filePath",
          "reason",
          "ttlMinutes",
          "scope",
          "types",
          "since",
          "data",
          "summary",
          "gitRoot",
          "gitBranch",
          "machineId",
          "unknown");
  private static Store store;
  private static Map<String, Route> routes;

  @BeforeContainer
  static void start() {
    store = SqliteStore.inMemory();
    Broker broker =
        Broker.assemble(
            Config.defaults(Path.of("/data")).withRateLimit(1_000_000),
            store,
            new RecordingPush(),
            MutableClock.at("2026-04-08T10:00:00Z"),
            List.of(Path.of("/data/peers")),
            () -> 0);
    routes = HttpApi.routes(broker, Duration.ofMinutes(10), false);
  }

  @AfterContainer
  static void stop() {
    store.close();
  }

  @Provide
  Arbitrary<JsonNode> values() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30).map(f::textNode),
        Arbitraries.of(
                "",
                "all",
                "cli",
                "lock",
                "unlock",
                "query",
                "get",
                "set",
                "delete",
                "list",
                "emit",
                "subscribe",
                "read",
                "unread",
                "text",
                "3f0c9a1e-5b7d-4c2a-9e11-0a1b2c3d4e5f",
                "/abs/path",
                "rel/path")
            .map(f::textNode),
        Arbitraries.doubles().map(f::numberNode),
        Arbitraries.integers().map(f::numberNode),
        Arbitraries.of(
            f.booleanNode(true), f.booleanNode(false), f.nullNode(), f.arrayNode(), f.objectNode()),
        Arbitraries.strings()
            .ofMaxLength(10)
            .list()
            .ofMaxSize(3)
            .map(
                l -> {
                  var a = f.arrayNode();
                  l.forEach(a::add);
                  return a;
                }));
  }

  @Provide
  Arbitrary<ObjectNode> bodies() {
    return Combinators.combine(
            Arbitraries.of(FIELDS).list().ofMaxSize(8), values().list().ofSize(8))
        .as(
            (keys, vals) -> {
              ObjectNode body = JsonNodeFactory.instance.objectNode();
              for (int i = 0; i < keys.size(); i++) {
                body.set(keys.get(i), vals.get(i));
              }
              return body;
            });
  }

  @Property(tries = 1500)
  void noBodyMakesARouteFailWithA500(
      @ForAll("routeKeys") String route, @ForAll("bodies") ObjectNode body) {
    Object answer;
    try {
      answer = routes.get(route).handle(new JsonBody(body));
    } catch (RuntimeException e) {
      ErrorMapper.Failure failure = ErrorMapper.map(e, route);
      assertThat(failure.status()).as(route + " " + body + ": " + e).isNotEqualTo(500);
      assertThat(String.valueOf(failure.body().error())).isNotBlank();
      return;
    }
    assertThat(answer).as(route + " " + body).isNotNull();
    if (answer instanceof Answer.Refusal refusal) {
      assertThat(refusal.error()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> routeKeys() {
    return Arbitraries.of(List.copyOf(new java.util.TreeSet<>(routes.keySet())));
  }
}
