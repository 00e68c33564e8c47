package dev.slmmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.e2e.FakeModel.Turn;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * What every client's end-to-end test shares: the installed client, its {@link Sandbox} with {@code
 * slm-mesh setup} already run, its fake model, and the checks of docs/testing.md. On a failure, the
 * assertion's message carries every request the model received.
 */
abstract class ClientSuite {
  static final List<String> TOOLS =
      List.of(
          "mesh_peers",
          "mesh_summary",
          "mesh_send",
          "mesh_inbox",
          "mesh_state",
          "mesh_lock",
          "mesh_events",
          "mesh_status");

  private static final int LIST_TRIES = 3;

  Sandbox box;
  FakeModel model;
  final String sent = "SENT-" + nonce();
  final String stopped = "STOP-" + nonce();

  /**
   * The lock on src/a.txt as the reviewer saw it while the session ran (it ends with the session).
   */
  final AtomicReference<String> lockSeen = new AtomicReference<>("");

  /** The client's session as the broker listed it when the model's first turn came. */
  final AtomicReference<JsonNode> session = new AtomicReference<>();

  abstract AgentCli cli();

  abstract FakeModel model() throws IOException;

  /** Points the client at the fake model (base URL, dummy key) and keeps it off the network. */
  abstract void configure(Sandbox box, FakeModel model) throws IOException;

  /** The client's own command that lists its MCP servers and their state. */
  abstract String[] mcpList();

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    cli().install();
    box = new Sandbox(cli());
    model = model();
    configure(box, model);
    box.setup();
  }

  @AfterEach
  void tearDown() throws IOException {
    if (model != null) {
      model.close();
    }
    if (box != null) {
      box.close();
    }
  }

  /**
   * The client's {@code mcp list} shows the server set up by {@code setup} as connected. Its
   * connection check has a short timeout of its own, which a JVM starting on a loaded machine can
   * miss: up to three tries.
   */
  void checkConfigurationAccepted() throws IOException, InterruptedException {
    Sandbox.Run list = null;
    for (int i = 0; i < LIST_TRIES && (list == null || !connected(list)); i++) {
      list = box.run(box.work, Duration.ofMinutes(2), mcpList());
    }
    assertThat(connected(list)).as("%s", list).isTrue();
  }

  private static boolean connected(Sandbox.Run list) {
    String text = list.stdout() + list.stderr();
    return Pattern.compile("(?i)slm-mesh.*connected").matcher(text).find()
        && !Pattern.compile("(?i)slm-mesh.*(disconnected|failed|disabled)").matcher(text).find();
  }

  /**
   * The first prompt's turns: {@code mesh_peers} (before it is answered, the reviewer sends a
   * message, which must come back on the tool result), {@code mesh_send} to the reviewer, {@code
   * mesh_lock} of src/a.txt, an edit of src/b.txt, which the reviewer holds (where the client has
   * an edit hook), then a text, before which the reviewer looks at the lock and sends one more
   * message: the client's end-of-turn hook must show it, and the model answers it.
   */
  Turn[] firstPrompt(AtomicReference<String> piggy) {
    List<Turn> turns =
        new java.util.ArrayList<>(
            List.of(
                Turn.call("mesh_peers", "{\"scope\":\"machine\"}")
                    .after(
                        () -> {
                          JsonNode s = box.awaitSession();
                          session.set(s);
                          piggy.set("PIGGY-" + nonce());
                          box.awaitDelivered(
                              box.sendFromReviewer(
                                  s.path("id").asText(), piggy.get() + " the build is red"));
                        }),
                Turn.call(
                    "mesh_send",
                    "{\"to\":\"reviewer\",\"message\":" + quote(sent + " on it") + "}"),
                Turn.call(
                    "mesh_lock",
                    "{\"action\":\"lock\",\"filePath\":\"src/a.txt\",\"reason\":\"e2e\"}")));
    editOfALockedFile()
        .ifPresent(edit -> turns.add(edit.after(() -> box.reviewerLocks("src/b.txt"))));
    turns.add(
        Turn.say("first prompt done")
            .after(
                () -> {
                  lockSeen.set(box.lockOn("src/a.txt"));
                  box.awaitDelivered(
                      box.sendFromReviewer(
                          session.get().path("id").asText(), stopped + " tests pass now"));
                }));
    turns.add(Turn.say("noted the reviewer's message"));
    return turns.toArray(Turn[]::new);
  }

  /** The client's own edit tool writing src/b.txt, where its pre-tool hook guards edits. */
  java.util.Optional<Turn> editOfALockedFile() {
    return java.util.Optional.empty();
  }

  /** The edit of src/b.txt was refused inside the client, with the holder named, and never made. */
  void checkEditRefused() throws IOException {
    if (editOfALockedFile().isEmpty()) {
      return;
    }
    assertThat(java.nio.file.Files.readString(box.work.resolve("src").resolve("b.txt")))
        .as(report())
        .isEqualTo(Sandbox.B_TXT);
    String context = model.lastContext();
    assertThat(context)
        .as(report())
        .containsPattern("(?s)b\\.txt.{0,400}reviewer|reviewer.{0,400}b\\.txt");
  }

  /**
   * The message sent at the end of the first turn reached the model once, by the end-of-turn hook.
   */
  void checkEndOfTurnHook() {
    assertThat(count(model.lastContext(), stopped))
        .as("end-of-turn hook\n" + report())
        .isEqualTo(endOfTurnRenderings());
  }

  /** How many times the client puts one answer of its end-of-turn hook into the model's context. */
  int endOfTurnRenderings() {
    return 1;
  }

  /** The eight tools are in the model's first request of the agent loop. */
  void checkToolsOffered() {
    assertThat(model.loop()).as(report()).isNotEmpty();
    List<String> offered = model.toolNames(model.loop().get(0).body());
    for (String tool : TOOLS) {
      assertThat(offered).as("tools offered to the model").anyMatch(n -> n.endsWith(tool));
    }
  }

  /** The model's mesh_send reached the reviewer, its mesh_lock is seen by the reviewer. */
  void checkToolCallsReachedTheMesh(JsonNode session) {
    assertThat(model.failures()).as(report()).isEmpty();
    assertThat(box.reviewerInbox())
        .as(report())
        .anyMatch(
            m ->
                m.path("payload").asText().contains(sent)
                        && m.path("from_peer").asText().equals(session.path("id").asText())
                    || m.toString().contains(sent));
    assertThat(lockSeen.get()).as(report()).contains(session.path("id").asText());
  }

  /** The session leaves the mesh when the client exits. */
  void checkUnregistered() {
    String id = session.get().path("id").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> !box.isActive(id));
  }

  String report(Sandbox.Run run) {
    return run + "\n" + model.transcript();
  }

  /** The client's output so far and every request the model received. */
  String report() {
    return box.lastOutput() + "\n" + model.transcript();
  }

  static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle);
        i >= 0;
        i = haystack.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  static String nonce() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static String quote(String text) {
    return Json.MAPPER.getNodeFactory().textNode(text).toString();
  }
}
