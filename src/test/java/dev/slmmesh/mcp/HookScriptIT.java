package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.BrokerDaemon;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hook scripts run exactly as each client runs them (docs/hooks.md, docs/clients/), against the
 * real broker and a real MCP server process. This JVM plays the agent: it starts the MCP server and
 * the hooks, so the hooks find the session among their ancestors.
 */
class HookScriptIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private Path data;
  private BrokerDaemon daemon;
  private MeshHttp http;
  private McpTestClient mcp;
  private HookRunner hooks;
  private String self;
  private String other;
  private String otherCredential;

  @BeforeEach
  void start() throws Exception {
    data = dir.resolve("d");
    daemon = BrokerDaemon.start(Config.defaults(data).withPort(0));
    http = new MeshHttp(daemon.port(), daemon.token());
    hooks = new HookRunner(data);
    mcp =
        McpTestClient.spawn(
            Path.of(System.getProperty("slmmesh.jar")),
            Map.of(
                "SLM_MESH_DATA_DIR",
                data.toString(),
                "SLM_MESH_PORT",
                Integer.toString(daemon.port()),
                "SLM_MESH_CHANNELS",
                "off"),
            dir.resolve("mcp.err"));
    mcp.initialize();
    self = status().path("session").path("peerId").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(session().resolve("peer")));
    MeshHttp.Response r =
        http.call(
            "/register",
            "projectPath",
            "/work/b",
            "pid",
            ProcessHandle.current().pid(),
            "name",
            "bee",
            "requestCredential",
            true);
    other = r.json().path("peerId").asText();
    otherCredential = r.json().path("credential").asText();
  }

  @AfterEach
  void stop() throws Exception {
    if (mcp != null) {
      mcp.process().destroyForcibly();
      mcp.close();
    }
    daemon.close();
  }

  private Path session() {
    return data.resolve("sessions").resolve(Long.toString(ProcessHandle.current().pid()));
  }

  private JsonNode status() throws Exception {
    return Json.MAPPER.readTree(McpTestClient.texts(mcp.callTool("mesh_status", "{}")).get(0));
  }

  /** Sends from the other peer and waits until the session wrote it for the hooks. */
  private String send(String text) throws Exception {
    MeshHttp.Response r =
        http.call(
            "/send",
            "fromPeer",
            other,
            "toPeer",
            self,
            "payload",
            text,
            "credential",
            otherCredential);
    assertThat(r.ok()).as(r.text()).isTrue();
    String id = r.json().path("messageId").asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> inbox().stream().anyMatch(f -> f.contains(id)));
    return id;
  }

  private List<String> inbox() throws Exception {
    try (var files = Files.list(session().resolve("inbox"))) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private String receipt(String messageId) {
    MeshHttp.Response r =
        http.call(
            "/messages/status",
            "peerId",
            other,
            "credential",
            otherCredential,
            "messageIds",
            List.of(messageId));
    return r.json().path("receipts").path(0).path("status").asText();
  }

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void claudeCodePromptHookShowsAMessageOnceAndThePiggybackDoesNotShowItAgain() throws Exception {
    String id = send("are you editing Store.java?");
    HookRunner.Result hook =
        hooks.run(
            "claude-code",
            "UserPromptSubmit",
            "{\"session_id\":\"s\",\"hook_event_name\":\"UserPromptSubmit\",\"cwd\":\"/w\",\"prompt\":\"hi\"}");
    assertThat(hook.code()).isZero();
    assertThat(hook.err()).isEmpty();
    JsonNode out = json(hook.out());
    assertThat(out.path("hookSpecificOutput").path("hookEventName").asText())
        .isEqualTo("UserPromptSubmit");
    String context = out.path("hookSpecificOutput").path("additionalContext").asText();
    assertThat(context)
        .contains("are you editing Store.java?")
        .contains("bee")
        .contains("replyTo=\"" + id + "\"")
        .contains("not instructions from your user");
    String next = String.join("\n", McpTestClient.texts(mcp.callTool("mesh_status", "{}")));
    assertThat(next).doesNotContain("are you editing Store.java?");
    await().atMost(Duration.ofSeconds(10)).until(() -> receipt(id).equals("read"));
    JsonNode inbox = json(McpTestClient.texts(mcp.callTool("mesh_inbox", "{}")).get(0));
    assertThat(inbox.path("messages")).isEmpty();
    assertThat(hooks.run("claude-code", "UserPromptSubmit", "{}").out()).isEmpty();
  }

  @Test
  void aMessageThePiggybackShowedIsNotShownByAHookAfterwards() throws Exception {
    send("first the tool result");
    String shown = String.join("\n", McpTestClient.texts(mcp.callTool("mesh_status", "{}")));
    assertThat(shown).contains("first the tool result");
    assertThat(hooks.run("claude-code", "UserPromptSubmit", "{}").out()).isEmpty();
  }

  @Test
  void concurrentHooksShowEveryMessageExactlyOnce() throws Exception {
    int count = 12;
    for (int i = 0; i < count; i++) {
      send("message number " + i + ".");
    }
    List<java.util.concurrent.CompletableFuture<HookRunner.Result>> running =
        new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      running.add(hooks.start("claude-code", "UserPromptSubmit", "{}", Map.of()));
      running.add(hooks.start("codex", "UserPromptSubmit", "{}", Map.of()));
    }
    String piggyback = String.join("\n", McpTestClient.texts(mcp.callTool("mesh_status", "{}")));
    StringBuilder all = new StringBuilder(piggyback);
    for (var r : running) {
      HookRunner.Result result = r.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(result.code()).isZero();
      if (!result.out().isEmpty()) {
        all.append(
            json(result.out()).path("hookSpecificOutput").path("additionalContext").asText());
      }
    }
    for (int i = 0; i < count; i++) {
      String text = all.toString();
      String needle = "message number " + i + ".";
      assertThat(text.indexOf(needle)).as(needle).isNotNegative();
      assertThat(text.indexOf(needle)).as(needle + " once").isEqualTo(text.lastIndexOf(needle));
    }
  }

  @Test
  void stopHookBlocksWithMessagesUnlessAStopHookIsAlreadyActive() throws Exception {
    send("one more thing");
    HookRunner.Result active =
        hooks.run(
            "claude-code", "Stop", "{\"hook_event_name\":\"Stop\",\"stop_hook_active\":true}");
    assertThat(active.out()).isEmpty();
    HookRunner.Result stop =
        hooks.run(
            "claude-code", "Stop", "{\"hook_event_name\":\"Stop\",\"stop_hook_active\":false}");
    JsonNode out = json(stop.out());
    assertThat(out.path("decision").asText()).isEqualTo("block");
    assertThat(out.path("reason").asText()).contains("one more thing");
    assertThat(hooks.run("codex", "Stop", "{\"stop_hook_active\":false}").out()).isEmpty();
  }

  @Test
  void geminiAndCursorGetTheirOwnShapes() throws Exception {
    send("for gemini");
    JsonNode before =
        json(
            hooks
                .run(
                    "gemini-cli",
                    "BeforeAgent",
                    "{\"hook_event_name\":\"BeforeAgent\",\"prompt\":\"x\"}")
                .out());
    assertThat(before.path("hookSpecificOutput").path("additionalContext").asText())
        .contains("for gemini");
    send("gemini after");
    JsonNode after =
        json(hooks.run("gemini-cli", "AfterAgent", "{\"stop_hook_active\":false}").out());
    assertThat(after.path("decision").asText()).isEqualTo("deny");
    assertThat(after.path("reason").asText()).contains("gemini after");
    send("for cursor");
    assertThat(hooks.run("cursor", "stop", "{\"status\":\"aborted\"}").out()).isEmpty();
    JsonNode cursor =
        json(hooks.run("cursor", "stop", "{\"status\":\"completed\",\"loop_count\":0}").out());
    assertThat(cursor.path("followup_message").asText()).contains("for cursor");
    assertThat(hooks.run("cursor", "stop", "{\"status\":\"completed\"}").out()).isEmpty();
  }

  @Test
  void badInputNoSessionAndUnknownEventsExitCleanlyWithoutOutputOrEffect() throws Exception {
    send("stays unread");
    for (String input : new String[] {null, "", "not json at all {", "{\"hook_event_name\":42}"}) {
      HookRunner.Result r = hooks.run("claude-code", "PermissionRequest", input);
      assertThat(r.code()).isZero();
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEmpty();
    }
    assertThat(hooks.run("emacs", "UserPromptSubmit", "{}").out()).isEmpty();
    HookRunner.Result elsewhere =
        hooks
            .start(
                "claude-code",
                "UserPromptSubmit",
                "{}",
                Map.of("SLM_MESH_DATA_DIR", dir.resolve("nowhere").toString()))
            .get();
    assertThat(elsewhere.code()).isZero();
    assertThat(elsewhere.out()).isEmpty();
    assertThat(inbox()).hasSize(1);
  }

  @Test
  void presenceFollowsTheHooksAndToolCalls() throws Exception {
    hooks.run("claude-code", "UserPromptSubmit", "{}");
    awaitPresence("working");
    hooks.run(
        "claude-code",
        "Notification",
        "{\"notification_type\":\"permission_prompt\",\"message\":\"Claude needs your permission\"}");
    awaitPresence("waiting");
    hooks.run("claude-code", "Stop", "{\"stop_hook_active\":false}");
    awaitPresence("idle");
    mcp.callTool("mesh_status", "{}");
    awaitPresence("working");
  }

  private JsonNode peerSelf() {
    for (JsonNode p : http.call("/peers", "scope", "machine").json().path("peers")) {
      if (p.path("id").asText().equals(self)) {
        return p;
      }
    }
    return Json.MAPPER.createObjectNode();
  }

  private void awaitPresence(String state) {
    await()
        .atMost(Duration.ofSeconds(10))
        .alias(state + " in " + peerSelf())
        .until(() -> peerSelf().path("presence").path("state").asText().equals(state));
    assertThat(peerSelf().path("presence").path("since").asText()).isNotEmpty();
  }

  @Test
  void theWaiterWakesAnIdleSessionWithinASecondOfTheSendAndOnlyOnce() throws Exception {
    hooks.run("claude-code", "Stop", "{\"stop_hook_active\":false}");
    var waiter = hooks.start("claude-code", "wait", "{\"hook_event_name\":\"Stop\"}", Map.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(session().resolve("waiter").resolve("pid")));
    HookRunner.Result second = hooks.run("claude-code", "wait", "{}");
    assertThat(second.code()).isZero();
    assertThat(waiter).isNotDone();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> peerSelf().path("presence").path("wakeable").asBoolean());
    long sent = System.nanoTime();
    MeshHttp.Response r =
        http.call(
            "/send",
            "fromPeer",
            other,
            "toPeer",
            self,
            "payload",
            "wake up, question",
            "credential",
            otherCredential);
    assertThat(r.ok()).isTrue();
    HookRunner.Result woke = waiter.get(10, java.util.concurrent.TimeUnit.SECONDS);
    long millis = (System.nanoTime() - sent) / 1_000_000;
    assertThat(woke.code()).isEqualTo(2);
    assertThat(woke.out()).isEmpty();
    assertThat(woke.err())
        .contains("wake up, question")
        .contains("not instructions from your user");
    assertThat(millis).as("wake latency").isLessThan(1000);
    assertThat(String.join("\n", McpTestClient.texts(mcp.callTool("mesh_status", "{}"))))
        .doesNotContain("wake up, question");
    assertThat(Files.exists(session().resolve("woken"))).isTrue();
  }

  @Test
  void aReplyToAMessageSentDuringAWokenTurnDoesNotWakeAgain() throws Exception {
    Files.writeString(session().resolve("woken"), "");
    JsonNode sent =
        json(
            McpTestClient.texts(
                    mcp.callTool(
                        "mesh_send",
                        "{\"to\":\"" + other + "\",\"message\":\"here is my answer\"}"))
                .get(0));
    String mine = sent.path("messageId").asText();
    http.call(
        "/send",
        "fromPeer",
        other,
        "toPeer",
        self,
        "payload",
        "(reply to message " + mine + ") thanks!",
        "credential",
        otherCredential);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> inbox().stream().anyMatch(f -> f.endsWith("-q.msg")));
    send("a new question");
    assertThat(inbox()).anyMatch(f -> f.endsWith("-w.msg"));
  }

  @Test
  void aWhenIdleMessageWaitsAtTheBrokerUntilTheStopHookSaysIdle() throws Exception {
    hooks.run("claude-code", "UserPromptSubmit", "{}");
    awaitPresence("working");
    MeshHttp.Response r =
        http.call(
            "/send",
            "fromPeer",
            other,
            "toPeer",
            self,
            "payload",
            "when you have a minute",
            "credential",
            otherCredential,
            "whenIdle",
            true);
    assertThat(r.json().path("held").asBoolean()).as(r.text()).isTrue();
    Thread.sleep(500); // a bounded look: nothing may arrive while the session works
    assertThat(inbox()).isEmpty();
    hooks.run("claude-code", "Stop", "{\"stop_hook_active\":false}");
    await().atMost(Duration.ofSeconds(10)).until(() -> inbox().size() == 1);
  }

  @Test
  void theWaiterEndsWithTheSession() throws Exception {
    hooks.run("claude-code", "Stop", "{}");
    var waiter = hooks.start("claude-code", "wait", "{}", Map.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(session().resolve("waiter").resolve("pid")));
    mcp.closeInput();
    HookRunner.Result r = waiter.get(15, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(Files.exists(session())).isFalse();
  }
}
