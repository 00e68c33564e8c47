package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.config.Config;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.testkit.MeshHttp.Response;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route against wrong types, missing fields, huge values, negative and fractional numbers and
 * bad JSON: never a 500, always {@code ok:false} with a message, and no stored data changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputIT {
  private static final String PEER = "3f0c9a1e-5b7d-4c2a-9e11-0a1b2c3d4e5f";
  private static final String HUGE = "x".repeat(70_000);

  private BrokerDaemon daemon;
  private MeshHttp http;
  private String peerId;

  @BeforeAll
  void start(@TempDir(factory = FakePeer.ShortTempDir.class) Path dir) throws Exception {
    daemon = BrokerDaemon.start(Config.defaults(dir).withPort(0));
    http = new MeshHttp(daemon.port(), daemon.token());
    peerId =
        http.call("/register", "projectPath", "/repo", "pid", 42, "name", "seed")
            .json()
            .get("peerId")
            .asText();
    http.call("/state", "action", "set", "key", "k", "value", "v", "peerId", peerId);
    http.call("/lock", "action", "lock", "filePath", "/repo/a", "peerId", peerId);
  }

  @AfterAll
  void stop() {
    daemon.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("/register", "{\"projectPath\":5,\"pid\":1}"),
        Arguments.of("/register", "{\"projectPath\":\"/p\",\"pid\":\"123\"}"),
        Arguments.of("/register", "{\"projectPath\":\"/p\",\"pid\":-4}"),
        Arguments.of("/register", "{\"projectPath\":\"/p\",\"pid\":1.5}"),
        Arguments.of("/register", "{\"projectPath\":\"/p\",\"pid\":1e300}"),
        Arguments.of("/register", "{\"projectPath\":\"/p\",\"pid\":1,\"agentType\":\"emacs\"}"),
        Arguments.of("/register", "{\"projectPath\":\"/p\",\"pid\":1,\"udsPath\":\"/etc/passwd\"}"),
        Arguments.of("/register", "{\"projectPath\":\"/p\",\"pid\":1,\"name\":\"" + HUGE + "\"}"),
        Arguments.of(
            "/register", "{\"projectPath\":\"/p\",\"pid\":1,\"deliveryPath\":\"telepathy\"}"),
        Arguments.of("/register", "{\"projectPath\":\"/p\",\"pid\":1,\"peerId\":\"not-a-uuid\"}"),
        Arguments.of("/unregister", "{}"),
        Arguments.of("/unregister", "{\"peerId\":[1]}"),
        Arguments.of("/unregister", "{\"peerId\":\"" + PEER + "\"}"),
        Arguments.of("/heartbeat", "{\"peerId\":null}"),
        Arguments.of("/heartbeat", "{\"peerId\":\"ghost\"}"),
        Arguments.of("/peers", "{\"scope\":\"galaxy\"}"),
        Arguments.of("/peers", "{\"scope\":\"repo\"}"),
        Arguments.of("/summary", "{\"peerId\":\"x\"}"),
        Arguments.of("/summary", "{\"peerId\":\"x\",\"summary\":\"" + "y".repeat(2501) + "\"}"),
        Arguments.of("/send", "{\"fromPeer\":\"a\",\"toPeer\":\"all\"}"),
        Arguments.of("/send", "{\"fromPeer\":\"a\",\"toPeer\":\"b\",\"payload\":\"" + HUGE + "\"}"),
        Arguments.of(
            "/send",
            "{\"fromPeer\":\"a\",\"toPeer\":\""
                + PEER
                + "\",\"payload\":\"p\",\"type\":\"shout\"}"),
        Arguments.of("/send", "{\"fromPeer\":\"a\",\"toPeer\":\"../../x\",\"payload\":\"p\"}"),
        Arguments.of("/send", "{\"fromPeer\":{},\"toPeer\":\"all\",\"payload\":\"p\"}"),
        Arguments.of("/messages", "{}"),
        Arguments.of("/messages", "{\"peerId\":\"x\",\"limit\":-1}"),
        Arguments.of("/messages", "{\"peerId\":\"x\",\"limit\":2.5}"),
        Arguments.of("/messages", "{\"peerId\":\"x\",\"limit\":\"10\"}"),
        Arguments.of("/messages", "{\"peerId\":\"x\",\"limit\":1e12}"),
        Arguments.of("/messages/read", "{\"peerId\":\"x\",\"messageIds\":\"m\"}"),
        Arguments.of("/messages/read", "{\"peerId\":\"x\",\"messageIds\":[]}"),
        Arguments.of("/messages/status", "{\"peerId\":\"x\",\"messageIds\":[1,2]}"),
        Arguments.of("/state", "{}"),
        Arguments.of("/state", "{\"action\":\"get\"}"),
        Arguments.of("/state", "{\"action\":\"set\",\"key\":\"k\"}"),
        Arguments.of("/state", "{\"action\":\"set\",\"key\":\"k\",\"value\":7,\"peerId\":\"p\"}"),
        Arguments.of(
            "/state",
            "{\"action\":\"set\",\"key\":\"" + HUGE + "\",\"value\":\"v\",\"peerId\":\"p\"}"),
        Arguments.of("/state", "{\"action\":\"delete\"}"),
        Arguments.of("/state", "{\"action\":\"explode\"}"),
        Arguments.of("/lock", "{\"action\":\"lock\",\"filePath\":\"/repo/a\"}"),
        Arguments.of(
            "/lock",
            "{\"action\":\"lock\",\"filePath\":\"/repo/b\",\"peerId\":\"p\",\"ttlMinutes\":-5}"),
        Arguments.of(
            "/lock",
            "{\"action\":\"lock\",\"filePath\":\"/repo/b\",\"peerId\":\"p\",\"ttlMinutes\":1e308}"),
        Arguments.of(
            "/lock",
            "{\"action\":\"lock\",\"filePath\":\"/repo/b\",\"peerId\":\"p\",\"ttlMinutes\":\"ten\"}"),
        Arguments.of("/lock", "{\"action\":\"lock\",\"filePath\":\"relative/b\",\"peerId\":\"p\"}"),
        Arguments.of(
            "/lock", "{\"action\":\"unlock\",\"filePath\":\"/repo/a\",\"peerId\":\"intruder\"}"),
        Arguments.of("/lock", "{\"action\":\"steal\"}"),
        Arguments.of("/events", "{\"action\":\"\"}"),
        Arguments.of("/events", "{\"types\":[{},true]}"),
        Arguments.of("/events", "{\"types\":\"peer_joined\"}"),
        Arguments.of("/events", "{\"since\":\"yesterday\"}"),
        Arguments.of("/events", "{\"limit\":0}"),
        Arguments.of("/events", "{\"limit\":-3}"),
        Arguments.of("/events", "{\"action\":\"subscribe\",\"peerId\":\"x\"}"),
        Arguments.of("/events", "{\"action\":\"subscribe\",\"types\":[\"*\"]}"),
        Arguments.of(
            "/events", "{\"action\":\"emit\",\"peerId\":\"x\",\"type\":\"t\",\"data\":[1]}"),
        Arguments.of(
            "/events", "{\"action\":\"emit\",\"peerId\":\"x\",\"type\":\"no spaces allowed\"}"),
        Arguments.of("/events", "{\"action\":\"unsubscribe\"}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badRequests")
  void isRefusedClearlyWithoutChangingData(String route, String body) {
    String before = snapshot();
    Response r = http.post(route, body);
    assertThat(r.status()).as(r.text()).isIn(200, 400);
    assertThat(r.json().get("ok").asBoolean()).as(r.text()).isFalse();
    assertThat(r.error()).as(r.text()).isNotBlank().isNotEqualTo("Internal server error");
    assertThat(snapshot()).isEqualTo(before);
  }

  @ParameterizedTest
  @MethodSource("routes")
  void badJsonAndTwoMebibytesOnEveryRoute(String route) {
    String before = snapshot();
    assertThat(http.post(route, "{\"a\":").status()).isEqualTo(400);
    assertThat(http.post(route, "\"just a string\"").status()).isEqualTo(400);
    assertThat(http.post(route, "[" + "[".repeat(5000)).status()).isEqualTo(400);
    assertThat(http.post(route, "{\"x\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}").status())
        .isEqualTo(413);
    assertThat(snapshot()).isEqualTo(before);
  }

  static Stream<String> routes() {
    return Stream.of(
        "/register",
        "/unregister",
        "/heartbeat",
        "/peers",
        "/summary",
        "/send",
        "/messages",
        "/messages/read",
        "/messages/status",
        "/state",
        "/lock",
        "/events");
  }

  private String snapshot() {
    return http.call("/peers").json().get("peers").toString()
        + http.call("/state", "action", "list").json().get("entries")
        + http.call("/lock", "action", "query").json().get("locks")
        + http.call("/messages", "peerId", peerId, "filter", "all").json().get("messages")
        + http.call("/events", "limit", 1000).json().get("events").size();
  }
}
