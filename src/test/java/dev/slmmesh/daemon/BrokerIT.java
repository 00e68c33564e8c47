package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.config.SecureFiles;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.testkit.MeshHttp.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real broker in-process on an ephemeral port: files, auth, routing and push end to end. */
class BrokerIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private BrokerDaemon daemon;
  private MeshHttp http;

  @BeforeEach
  void start() throws Exception {
    daemon = BrokerDaemon.start(Config.defaults(dir).withPort(0));
    http = new MeshHttp(daemon.port(), daemon.token());
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private String register(String name, Object... extra) {
    Object[] kv = new Object[4 + extra.length];
    kv[0] = "projectPath";
    kv[1] = "/repo";
    kv[2] = "pid";
    kv[3] = ProcessHandle.current().pid();
    System.arraycopy(extra, 0, kv, 4, extra.length);
    Object[] withName = java.util.Arrays.copyOf(kv, kv.length + 2);
    withName[kv.length] = "name";
    withName[kv.length + 1] = name;
    Response r = http.call("/register", withName);
    assertThat(r.ok()).as(r.text()).isTrue();
    return r.json().get("peerId").asText();
  }

  @Test
  void startWritesOwnerOnlyFilesThatMatchTheRunningBroker() throws Exception {
    assertThat(SecureFiles.read(dir.resolve("port"))).contains(Integer.toString(daemon.port()));
    assertThat(SecureFiles.read(dir.resolve("broker.token"))).contains(daemon.token());
    assertThat(daemon.token()).matches("[0-9a-f]{64}");
    assertThat(SecureFiles.read(dir.resolve("broker.pid")))
        .contains(Long.toString(ProcessHandle.current().pid()));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("peers"))))
        .isEqualTo("rwx------");
    for (String f : List.of("broker.token", "broker.pid", "port", "mesh.db", "mesh.db-wal")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))))
          .as(f)
          .isEqualTo("rw-------");
    }
    // exclusive locking mode: the WAL index lives in the broker's memory, not in a shared file
    assertThat(dir.resolve("mesh.db-shm")).doesNotExist();
  }

  @Test
  void stopRemovesPidPortAndTokenAndIsIdempotent() {
    daemon.close();
    daemon.close();
    assertThat(dir.resolve("broker.pid")).doesNotExist();
    assertThat(dir.resolve("port")).doesNotExist();
    assertThat(dir.resolve("broker.token")).doesNotExist();
  }

  @Test
  void authGuardsEverythingButHealthEvenWithQueryStrings() {
    MeshHttp anonymous = new MeshHttp(daemon.port(), null);
    MeshHttp wrong = new MeshHttp(daemon.port(), "0".repeat(64));
    assertThat(anonymous.get("/health").status()).isEqualTo(200);
    assertThat(anonymous.get("/health?verbose=1").status()).isEqualTo(200);
    assertThat(anonymous.get("/health").json().get("version").asText()).isEqualTo("1.2.2");
    Response denied = anonymous.get("/status");
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.text())
        .isEqualTo(
            "{\"ok\":false,\"error\":\"Unauthorized \u2014 invalid or missing bearer token\"}");
    assertThat(wrong.get("/status").status()).isEqualTo(401);
    assertThat(anonymous.get("/nowhere").status()).isEqualTo(401);
    assertThat(http.get("/status?x=1").status()).isEqualTo(200);
    Response unknown = http.get("/nowhere");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.error()).isEqualTo("Unknown endpoint");
  }

  @Test
  void badBodiesGet400AndEmptyBodiesAreEmptyObjects() {
    assertThat(http.post("/register", "{not json").status()).isEqualTo(400);
    Response array = http.post("/register", "[1,2]");
    assertThat(array.status()).isEqualTo(400);
    assertThat(array.error()).isEqualTo("Invalid JSON in request body");
    assertThat(http.post("/register", "null").status()).isEqualTo(400);
    Response empty = http.post("/register", "");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.error()).isEqualTo("projectPath and pid are required");
  }

  @Test
  void aTwoMebibyteBodyGetsA413ThatTheClientReceives() {
    Response r = http.post("/send", "{\"payload\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.error()).isEqualTo("Request body too large (max 1MB)");
    assertThat(http.get("/status").status()).isEqualTo(200);
  }

  /**
   * Writes a raw request in parts, pausing between them; returns the first response line and body.
   */
  private String rawExchange(String... parts) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", daemon.port())) {
      socket.setSoTimeout(5_000);
      socket.setTcpNoDelay(true);
      java.io.OutputStream out = socket.getOutputStream();
      for (String part : parts) {
        out.write(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(50);
      }
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      String status = in.readLine();
      String line;
      int length = 0;
      while ((line = in.readLine()) != null && !line.isEmpty()) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      char[] body = new char[length];
      int read = 0;
      while (read < length) {
        read += in.read(body, read, length - read);
      }
      return status + "\n" + new String(body);
    }
  }

  @Test
  void aBodyThatArrivesAfterItsHeadersOrInChunksIsReadWhole() throws Exception {
    String body =
        "{\"name\":\"late\",\"projectPath\":\"/repo\",\"pid\":"
            + ProcessHandle.current().pid()
            + "}";
    String head =
        "POST /register HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + daemon.token()
            + "\r\nContent-Type: application/json\r\n";
    String late =
        rawExchange(
            head + "Content-Length: " + body.length() + "\r\n\r\n",
            body.substring(0, 10),
            body.substring(10));
    assertThat(late).startsWith("HTTP/1.1 200").contains("\"peerId\"");

    String chunked = body.replace("late", "chunked");
    String halfHex = Integer.toHexString(10);
    String restHex = Integer.toHexString(chunked.length() - 10);
    String inChunks =
        rawExchange(
            head + "Transfer-Encoding: chunked\r\n\r\n",
            halfHex + "\r\n" + chunked.substring(0, 10) + "\r\n",
            restHex + "\r\n" + chunked.substring(10) + "\r\n0\r\n\r\n");
    assertThat(inChunks).startsWith("HTTP/1.1 200").contains("\"peerId\"");
    assertThat(http.call("/peers").text()).contains("\"late\"").contains("\"chunked\"");

    String bad = rawExchange(head + "Content-Length: 8\r\n\r\n", "{\"name\":", "");
    assertThat(bad).startsWith("HTTP/1.1 400").contains("Invalid JSON in request body");
  }

  @Test
  void statusHasTheOriginalShapeAndBoundPort() {
    register("a");
    JsonNode s = http.get("/status").json();
    assertThat(List.of(s.fieldNames().next())).containsExactly("status");
    assertThat(s.get("port").asInt()).isEqualTo(daemon.port());
    assertThat(s.at("/peers/active").asInt()).isEqualTo(1);
    assertThat(s.at("/events/total").asInt()).isEqualTo(1);
    assertThat(s.has("db")).isTrue();
    assertThat(s.has("ok")).isFalse();
  }

  @Test
  void messagesArePushedToPeerSocketsAndAcknowledged() throws Exception {
    try (FakePeer b = FakePeer.listen(dir.resolve("peers/b.sock")).autoAck(true)) {
      String a = register("a");
      Response reg =
          http.call(
              "/register",
              "projectPath",
              "/repo",
              "pid",
              7,
              "name",
              "b",
              "udsPath",
              b.path().toString(),
              "acknowledges",
              true,
              "requestCredential",
              true);
      String bId = reg.json().get("peerId").asText();
      String cred = reg.json().get("credential").asText();
      Response sent =
          http.call("/send", "fromPeer", a, "toPeer", bId, "payload", "auth refactored");
      String mId = sent.json().get("messageId").asText();
      JsonNode line = b.awaitLines(1, Duration.ofSeconds(5)).get(0);
      assertThat(line.get("type").asText()).isEqualTo("message");
      assertThat(line.at("/payload/messageId").asText()).isEqualTo(mId);
      assertThat(line.at("/payload/text").asText()).isEqualTo("auth refactored");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(
                          http.call("/messages/status", "peerId", a, "messageIds", List.of(mId))
                              .json()
                              .at("/receipts/0/status")
                              .asText())
                      .isEqualTo("delivered"));
      Response inbox = http.call("/messages", "peerId", bId, "credential", cred);
      assertThat(inbox.json().at("/messages/0/payload").asText()).isEqualTo("auth refactored");
      assertThat(http.call("/messages", "peerId", bId).error())
          .startsWith("Invalid or missing credential");
    }
  }

  @Test
  void lockAndStateChangesAreBroadcastToConnectedPeers() throws Exception {
    try (FakePeer b = FakePeer.listen(dir.resolve("peers/b.sock"))) {
      String a = register("a");
      register("b", "udsPath", b.path().toString());
      await().atMost(Duration.ofSeconds(5)).until(() -> b.acceptedConnections() > 0);
      assertThat(http.call("/lock", "action", "lock", "filePath", "/repo/x.ts", "peerId", a).ok())
          .isTrue();
      assertThat(http.call("/state", "action", "set", "key", "k", "value", "v", "peerId", a).ok())
          .isTrue();
      List<JsonNode> lines = b.awaitLines(2, Duration.ofSeconds(5));
      assertThat(lines.get(0).get("type").asText()).isEqualTo("lock_update");
      assertThat(lines.get(0).at("/payload/by").asText()).isEqualTo(a);
      assertThat(lines.get(1).at("/payload/action").asText()).isEqualTo("state_changed");
    }
  }

  @Test
  void restartKeepsPeersMessagesStateAndLocksAndReplaysToTheSocket() throws Exception {
    try (FakePeer b = FakePeer.listen(dir.resolve("peers/b.sock")).autoAck(true)) {
      String a = register("a");
      String bId = register("b", "udsPath", b.path().toString(), "acknowledges", true);
      http.call("/state", "action", "set", "key", "k", "value", "v", "peerId", a);
      http.call("/lock", "action", "lock", "filePath", "/repo/x.ts", "peerId", a);
      b.stop();
      String mId =
          http.call("/send", "fromPeer", a, "toPeer", bId, "payload", "while you were out")
              .json()
              .get("messageId")
              .asText();
      daemon.close();
      b.start();
      daemon = BrokerDaemon.start(Config.defaults(dir).withPort(0));
      http = new MeshHttp(daemon.port(), daemon.token());
      assertThat(http.call("/peers", "scope", "machine").json().get("peers")).hasSize(2);
      assertThat(
              http.call("/state", "action", "get", "key", "k").json().at("/entry/value").asText())
          .isEqualTo("v");
      assertThat(http.call("/lock", "action", "query").json().get("locks")).hasSize(1);
      // b's lines from before the restart (the state and lock broadcasts) count too: wait for the
      // message itself
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(b.json())
                      .anySatisfy(
                          l -> assertThat(l.at("/payload/messageId").asText()).isEqualTo(mId)));
    }
  }

  @Test
  void customEventsAreStoredAndPushedToSubscribersButBuiltInTypesCannotBeSpoofed()
      throws Exception {
    try (FakePeer b = FakePeer.listen(dir.resolve("peers/b.sock"))) {
      String a = register("a");
      String bId = register("b", "udsPath", b.path().toString());
      assertThat(
              http.call(
                      "/events",
                      "action",
                      "subscribe",
                      "peerId",
                      bId,
                      "types",
                      List.of("build_done"))
                  .json()
                  .get("subscribed"))
          .hasSize(1);
      Response emitted =
          http.call(
              "/events",
              "action",
              "emit",
              "peerId",
              a,
              "type",
              "build_done",
              "data",
              Map.of("ok", true));
      assertThat(emitted.ok()).as(emitted.text()).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> b.lines().size() >= 1);
      assertThat(b.json())
          .anySatisfy(l -> assertThat(l.at("/payload/eventType").asText()).isEqualTo("build_done"));
      assertThat(http.call("/events", "action", "emit", "peerId", a, "type", "peer_left").error())
          .isEqualTo("type must not be a built-in event type for emit: peer_left");
      assertThat(http.call("/events", "types", List.of("build_done")).json().get("events"))
          .hasSize(1);
    }
  }
}
