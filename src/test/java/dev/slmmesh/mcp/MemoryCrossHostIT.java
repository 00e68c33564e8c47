package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.testkit.NetnsPair;
import dev.slmmesh.wire.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The original SLM Mesh 1.3.0 multi-machine set-up, verbatim, on two network namespaces: host A
 * runs the hub and a stand-in for SuperLocalMemory's daemon on port 8765 (a small Python server
 * with its {@code /health}, {@code /remember} and {@code /recall} routes); a session on host B is
 * configured exactly as the announcement says, {@code SLM_MESH_HOST=<hub ip>}, {@code
 * SLM_MESH_SHARED_SECRET=...}, {@code SLM_MESH_PEER_URL=http://<hub ip>:8765} (plus its own data
 * directory, which every test needs). Its message reaches the session on the hub, the hub remembers
 * it, and host B recalls it through the peer URL: with {@code mesh_recall} and with {@code slm-mesh
 * recall}. Needs root; skipped with the reason otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryCrossHostIT {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final String SECRET =
      "announcement-secret-" + HexFormat.of().formatHex(random(12));
  private static final String FAKE_SLM =
      "import json, sys\n"
          + "from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer\n"
          + "from urllib.parse import urlparse, parse_qs\n"
          + "store = []\n"
          + "class H(BaseHTTPRequestHandler):\n"
          + "    def reply(self, code, obj):\n"
          + "        b = json.dumps(obj).encode()\n"
          + "        self.send_response(code)\n"
          + "        self.send_header('Content-Type', 'application/json')\n"
          + "        self.send_header('Content-Length', str(len(b)))\n"
          + "        self.end_headers()\n"
          + "        self.wfile.write(b)\n"
          + "    def do_GET(self):\n"
          + "        u = urlparse(self.path)\n"
          + "        if u.path == '/health':\n"
          + "            return self.reply(200, {'status': 'ok'})\n"
          + "        if u.path == '/recall':\n"
          + "            q = parse_qs(u.query).get('q', [''])[0]\n"
          + "            return self.reply(200, {'results': [{'content': c} for c in store if q in c]})\n"
          + "        self.reply(404, {})\n"
          + "    def do_POST(self):\n"
          + "        body = json.loads(self.rfile.read(int(self.headers.get('Content-Length', 0))) or b'{}')\n"
          + "        if self.path == '/remember':\n"
          + "            store.append(body.get('content', ''))\n"
          + "            return self.reply(200, {'count': 1})\n"
          + "        self.reply(404, {})\n"
          + "    def log_message(self, *args):\n"
          + "        pass\n"
          + "server = ThreadingHTTPServer(('0.0.0.0', 8765), H)\n"
          + "print('ready', flush=True)\n"
          + "server.serve_forever()\n";

  private final NetnsPair hosts = new NetnsPair();
  private final List<Process> processes = new ArrayList<>();
  private final List<McpTestClient> sessions = new ArrayList<>();
  private Path work;
  private McpTestClient onHub;
  private McpTestClient joining;

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** Exactly the announcement's three variables, and a data directory of the test's own. */
  private Map<String, String> announcement(Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("SLM_MESH_HOST", hosts.addrA);
    env.put("SLM_MESH_SHARED_SECRET", SECRET);
    env.put("SLM_MESH_PEER_URL", "http://" + hosts.addrA + ":8765");
    env.put("SLM_MESH_DATA_DIR", dataDir.toString());
    return env;
  }

  private Map<String, String> hub(Path dataDir) {
    // the hub's own SuperLocalMemory, named outright (auto-detection of it: MemoryBridgeIT)
    return Map.of(
        "SLM_MESH_HOST",
        "0.0.0.0",
        "SLM_MESH_SHARED_SECRET",
        SECRET,
        "SLM_MESH_DATA_DIR",
        dataDir.toString(),
        "SLM_MESH_IDLE_MS",
        "3600000",
        "SLM_MESH_CHANNELS",
        "auto",
        "SLM_MESH_MEMORY_URL",
        "http://127.0.0.1:8765");
  }

  @BeforeAll
  void createTwoHosts() throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v python3").start();
    boolean python = which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0;
    String failure =
        python ? hosts.create() : "python3 is missing (it runs the stand-in for SuperLocalMemory)";
    if (failure != null) {
      System.out.println("[MemoryCrossHostIT] skipped: " + failure);
    }
    assumeTrue(failure == null, failure);
    work = Files.createTempDirectory(Path.of("/tmp"), "mx");
    Path script = work.resolve("fake_slm.py");
    Files.writeString(script, FAKE_SLM);
    Process slm =
        start(
            List.of("python3", script.toString()),
            hosts.nsA,
            Map.of(),
            work.resolve("slm.err"),
            false);
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(slm.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(r.readLine()).as("the stand-in for SuperLocalMemory started").isEqualTo("ready");
    }
    Path hubDir = Files.createDirectories(work.resolve("a"));
    start(
        List.of(java(), "-jar", jar().toString(), "start"),
        hosts.nsA,
        hub(hubDir),
        work.resolve("hub.err"),
        true);
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> NetnsPair.contains(work.resolve("hub.err"), "Hub listening for remote peers"));
    assertThat(Files.readString(work.resolve("hub.err")))
        .contains(
            "Memory bridge on: SuperLocalMemory at http://127.0.0.1:8765 (SLM_MESH_MEMORY_URL)");
    onHub = session("on-hub", hosts.nsA, hub(hubDir));
    joining =
        session("joining", hosts.nsB, announcement(Files.createDirectories(work.resolve("b"))));
  }

  private Process start(
      List<String> command, String ns, Map<String, String> env, Path log, boolean mergeOutput)
      throws Exception {
    List<String> full = new ArrayList<>(NetnsPair.exec(ns));
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full);
    pb.environment().putAll(env);
    if (mergeOutput) {
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    } else {
      pb.redirectError(log.toFile());
    }
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private McpTestClient session(String name, String ns, Map<String, String> env) throws Exception {
    McpTestClient s =
        McpTestClient.spawn(NetnsPair.exec(ns), jar(), env, work.resolve(name + ".err"));
    sessions.add(s);
    s.initialize();
    return s;
  }

  @AfterAll
  void removeTwoHosts() throws Exception {
    for (McpTestClient s : sessions) {
      s.process().destroyForcibly();
      s.close();
    }
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    hosts.close();
  }

  @Test
  void theAnnouncementsClientConfigurationJoinsTheHubAndRecallsFromTheRemoteMemory()
      throws Exception {
    String hubPeer = registered(onHub);
    String joiningPeer = registered(joining);
    String text = "the release branch is cut " + HexFormat.of().formatHex(random(4));
    JsonNode sent =
        result(
            joining.callTool(
                "mesh_send",
                Json.MAPPER.createObjectNode().put("to", hubPeer).put("message", text)));
    assertThat(sent.path("ok").asBoolean()).as(sent.toString()).isTrue();
    String remembered = "[mesh:message] " + joiningPeer + " -> " + hubPeer + ": " + text;

    JsonNode tools =
        joining.request("tools/list", Json.MAPPER.createObjectNode()).path("result").path("tools");
    assertThat(tools.findValuesAsText("name")).endsWith("mesh_recall");
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode recalled =
                  result(
                      joining.callTool(
                          "mesh_recall", Json.MAPPER.createObjectNode().put("query", text)));
              assertThat(recalled.path("memories").toString())
                  .as(recalled.toString())
                  .contains(Json.MAPPER.writeValueAsString(remembered));
              assertThat(recalled.path("source").asText())
                  .isEqualTo("http://" + hosts.addrA + ":8765");
            });

    List<String> cli = new ArrayList<>(NetnsPair.exec(hosts.nsB));
    cli.addAll(List.of(java(), "-jar", jar().toString(), "recall", text));
    ProcessBuilder pb = new ProcessBuilder(cli);
    pb.environment().putAll(announcement(work.resolve("cli")));
    pb.redirectError(work.resolve("cli.err").toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(work.resolve("cli.err"))).isZero();
    assertThat(out).isEqualTo(remembered + "\n");
    assertThat(Files.readString(work.resolve("joining.err"))).doesNotContain("must be https");
  }

  /** The session's peer id once it is registered (CrossHostIT's helpers, shared). */
  private static String registered(McpTestClient s) throws Exception {
    return CrossHostIT.whoAmI(s).path("peerId").asText();
  }

  private static JsonNode result(JsonNode toolResult) throws Exception {
    return CrossHostIT.result(toolResult);
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static Path jar() {
    return CrossHostIT.jar();
  }
}
