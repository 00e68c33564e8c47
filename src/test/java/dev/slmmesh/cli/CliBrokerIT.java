package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.BrokerDaemon;
import dev.slmmesh.testkit.FakePeer;
import dev.slmmesh.testkit.MeshHttp;
import dev.slmmesh.wire.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI in-process against the real broker in-process: outputs, JSON, refusals. */
class CliBrokerIT {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  private BrokerDaemon daemon;
  private MeshHttp http;
  private CliRun cli;
  private Path data;

  @BeforeEach
  void start() throws Exception {
    data = dir.resolve("d");
    daemon = BrokerDaemon.start(Config.defaults(data).withPort(0));
    http = new MeshHttp(daemon.port(), daemon.token());
    Path home = Files.createDirectories(dir.resolve("h"));
    Config config =
        Config.defaults(data)
            .withPort(daemon.port())
            .withEnvironment(Map.of("HOME", home.toString()));
    cli = new CliRun(config, home).cwd(Files.createDirectories(dir.resolve("w"))).tmp(dir);
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private String register(String name, Object... extra) {
    Object[] kv = new Object[6 + extra.length];
    kv[0] = "projectPath";
    kv[1] = "/repo/" + name;
    kv[2] = "pid";
    kv[3] = 4242;
    kv[4] = "name";
    kv[5] = name;
    System.arraycopy(extra, 0, kv, 6, extra.length);
    MeshHttp.Response r = http.call("/register", kv);
    assertThat(r.ok()).as(r.text()).isTrue();
    return r.json().get("peerId").asText();
  }

  @Test
  void dashboardPrintsAOneTimeLoginLinkWithoutTheToken() throws Exception {
    CliRun.Result r = cli.run("dashboard");
    assertThat(r.code()).as(r.err()).isZero();
    String url = r.out().trim();
    assertThat(url)
        .startsWith("http://127.0.0.1:" + daemon.port() + "/dashboard/login?code=")
        .doesNotContain(daemon.token());
    assertThat(r.err()).contains("One-time link, valid for 120 s.");
    java.net.http.HttpClient browser =
        java.net.http.HttpClient.newBuilder()
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
            .build();
    java.net.http.HttpRequest get =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build();
    java.net.http.HttpResponse<String> first =
        browser.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(first.headers().firstValue("Set-Cookie"))
        .get()
        .asString()
        .contains("HttpOnly")
        .contains("SameSite=Strict");
    assertThat(browser.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(403);
    JsonNode json = Json.MAPPER.readTree(cli.run("dashboard", "--json").out());
    assertThat(json.path("expiresInSeconds").asInt()).isEqualTo(120);
  }

  @Test
  void statusPrintsTheOriginalsLinesOrTheBrokersJson() throws Exception {
    CliRun.Result text = cli.run("status");
    assertThat(text.code()).isZero();
    assertThat(text.out())
        .contains(
            "Status:      ok\n",
            "Version:     1.2.2\n",
            "PID:         " + ProcessHandle.current().pid() + "\n",
            "Port:        " + daemon.port() + "\n",
            "Peers:\n  active:    0\n",
            "Locks:       0 active\n",
            "Database:\n  size:      ");
    JsonNode json = Json.MAPPER.readTree(cli.run("status", "--json").out());
    assertThat(json.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    assertThat(json.path("port").asInt()).isEqualTo(daemon.port());
    assertThat(cli.run("status", "--start").code()).isZero();
  }

  @Test
  void peersAreAnAlignedTableOrJson() throws Exception {
    assertThat(cli.run("peers").out()).isEqualTo("No active peers\n");
    String alice = register("alice", "agentType", "claude-code", "gitBranch", "main");
    register("bob");
    assertThat(http.call("/summary", "peerId", alice, "summary", "refactoring auth").ok()).isTrue();
    CliRun.Result r = cli.run("peers");
    String[] lines = r.out().split("\n");
    assertThat(lines[0])
        .startsWith("NAME   ID")
        .contains("AGENT")
        .contains("DELIVERY")
        .endsWith("PROJECT      SUMMARY");
    assertThat(lines[2])
        .startsWith("alice  " + alice + "  claude-code")
        .contains("main")
        .endsWith("/repo/alice  refactoring auth");
    assertThat(lines[3]).startsWith("bob    ").endsWith("/repo/bob    -");
    assertThat(lines[0].indexOf("AGENT")).isEqualTo(lines[2].indexOf("claude-code"));
    JsonNode json = Json.MAPPER.readTree(cli.run("peers", "--json").out());
    assertThat(json.path("peers")).hasSize(2);
    assertThat(cli.cwd(Path.of("/repo/bob")).run("peers", "--scope", "directory").out())
        .doesNotContain("alice")
        .contains("bob");
  }

  @Test
  void sendsByNameAndReadsTheInboxOnce() throws Exception {
    String alice = register("alice");
    register("bob");
    CliRun.Result sent = cli.run("send", "alice", "please", "review", "auth.ts");
    assertThat(sent.code()).isZero();
    assertThat(sent.out()).matches("Message sent to alice \\(message [0-9a-f-]{36}\\)\n");
    assertThat(cli.run("broadcast", "standup", "in", "5").out())
        .isEqualTo("Message broadcast to 2 peers\n");
    assertThat(cli.run("send", "ALICE", "case", "does", "not", "matter").code()).isZero();
    assertThat(cli.run("send", "ali", "nor", "a", "prefix").code())
        .as("shorter than 4")
        .isEqualTo(ExitCode.REFUSED);
    assertThat(cli.run("send", "alic", "a", "name", "prefix").code()).isZero();

    CliRun.Result inbox = cli.run("inbox", alice.substring(0, 8));
    assertThat(inbox.code()).isZero();
    Matcher shown = Pattern.compile("(?m)^\\*  ([0-9a-f-]{36})  ").matcher(inbox.out());
    java.util.Set<String> ids = new java.util.HashSet<>();
    while (shown.find()) {
      ids.add(shown.group(1));
    }
    assertThat(ids).as(inbox.out()).hasSize(4);
    assertThat(inbox.out())
        .contains("*  ")
        .contains("cli")
        .contains("please review auth.ts")
        .contains("standup in 5");
    assertThat(cli.run("inbox", "alice").out()).isEqualTo("No unread messages\n");
    CliRun.Result all = cli.run("inbox", "alice", "--all", "--json");
    assertThat(Json.MAPPER.readTree(all.out()).path("messages")).hasSize(4);
  }

  @Test
  void refusalsExitOneWithTheBrokersError() throws Exception {
    register("alice");
    CliRun.Result unknown = cli.run("send", "nobody", "hi");
    assertThat(unknown.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(unknown.err())
        .isEqualTo(
            "Error: No active peer is named \"nobody\" or has a name or id starting with it; see: slm-mesh peers\n");
    CliRun.Result badType = cli.run("send", "alice", "hi", "--type", "poem", "--json");
    assertThat(badType.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(Json.MAPPER.readTree(badType.out()).path("error").asText())
        .startsWith("type must be one of text");
  }

  @Test
  void anAgentsReplyToTheCliLandsInThePersonsInbox() throws Exception {
    String alice = register("alice");
    String question =
        Json.MAPPER
            .readTree(cli.run("send", "alice", "which", "branch?", "--json").out())
            .path("messageId")
            .asText();
    MeshHttp.Response reply =
        http.call("/send", "fromPeer", alice, "toPeer", "cli", "payload", "main", "type", "text");
    assertThat(reply.ok()).as(reply.text()).isTrue();
    JsonNode asked = http.call("/messages", "peerId", alice).json().path("messages").get(0);
    assertThat(asked.path("id").asText()).isEqualTo(question);
    assertThat(asked.path("fromName").asText()).isEqualTo("cli");
    CliRun.Result inbox = cli.run("inbox");
    assertThat(inbox.code()).as(inbox.toString()).isZero();
    assertThat(inbox.out()).contains("alice").contains("main");
    assertThat(cli.run("inbox").out()).isEqualTo("No unread messages\n");
  }

  @Test
  void aCredentialedPeerIsReadOnlyWithItsCredentialFile() throws Exception {
    MeshHttp.Response reg =
        http.call(
            "/register",
            "projectPath",
            "/r",
            "pid",
            4242,
            "name",
            "carol",
            "requestCredential",
            true);
    String id = reg.json().path("peerId").asText();
    cli.run("send", "carol", "secret plan");
    CliRun.Result refused = cli.run("inbox", "carol");
    assertThat(refused.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(refused.err()).contains("Invalid or missing credential for peer " + id);
    Files.writeString(
        data.resolve("peers").resolve(id + ".cred"), reg.json().path("credential").asText());
    CliRun.Result read = cli.run("inbox", "carol");
    assertThat(read.code()).isZero();
    assertThat(read.out()).contains("secret plan");
  }

  @Test
  void sharedStateRoundTrips() throws Exception {
    assertThat(cli.run("state", "set", "db_version", "42").out())
        .isEqualTo("Set db_version = 42\n");
    assertThat(cli.run("state", "get", "db_version").out()).isEqualTo("db_version = 42\n");
    CliRun.Result missing = cli.run("state", "get", "nope");
    assertThat(missing.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(missing.err()).isEqualTo("Error: key \"nope\" not found in namespace \"default\"\n");
    assertThat(cli.run("state", "delete", "nope", "--json").out())
        .isEqualTo(
            "{\"ok\":false,\"error\":\"key \\\"nope\\\" not found in namespace \\\"default\\\"\"}\n");
    String list = cli.run("state", "list").out();
    assertThat(list)
        .startsWith("KEY         VALUE  UPDATED BY  UPDATED AT\n")
        .contains("db_version  42     cli")
        .containsPattern("cli         \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\n");
    assertThat(cli.run("state", "set", "x", "1", "--namespace", "other").code()).isZero();
    assertThat(cli.run("state", "list", "--namespace", "other", "--json").out())
        .contains("\"namespace\":\"other\"");
    assertThat(cli.run("state", "delete", "db_version").out()).isEqualTo("Deleted db_version\n");
    assertThat(cli.run("state", "list").out()).isEqualTo("No state in this namespace\n");
  }

  @Test
  void locksResolveRelativePathsAndRefuseOtherHolders() throws Exception {
    register("alice");
    Path file = dir.resolve("w").resolve("src/auth.ts");
    CliRun.Result locked = cli.run("lock", "src/auth.ts", "--reason", "refactor", "--ttl", "5");
    assertThat(locked.code()).as(locked.toString()).isZero();
    assertThat(locked.out()).startsWith("Locked " + file + " until ");
    assertThat(cli.run("lock", "src/auth.ts", "--reason", "refactor").out())
        .startsWith("Renewed lock on " + file);
    CliRun.Result other = cli.run("lock", file.toString(), "--peer-id", "alice");
    assertThat(other.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(other.err()).startsWith("Error: File locked by cli, reason: refactor. Expires in ");
    assertThat(cli.run("lock", "list").out())
        .contains(file.toString())
        .contains("refactor")
        .contains("cli");
    assertThat(cli.run("unlock", "src/auth.ts", "--peer-id", "alice").code())
        .isEqualTo(ExitCode.REFUSED);
    assertThat(cli.run("unlock", "src/auth.ts").out()).isEqualTo("Unlocked " + file + "\n");
    assertThat(cli.run("lock", "list").out()).isEqualTo("No active locks\n");
  }

  @Test
  void eventsListNewestFirstAndFollowPrintsNewOnesOnce() throws Exception {
    cli.run("state", "set", "a", "1");
    cli.run("state", "set", "b", "2");
    CliRun.Result typo = cli.run("events", "--type", "lock_acquired");
    assertThat(typo.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(typo.err())
        .startsWith("Error: no events of type lock_acquired: not a built-in type (peer_joined, ")
        .contains("file_locked");
    CliRun.Result listed = cli.run("events", "--type", "state_changed");
    assertThat(listed.out()).startsWith("CREATED AT");
    assertThat(listed.out().indexOf("\"key\":\"b\""))
        .isLessThan(listed.out().indexOf("\"key\":\"a\""));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread follower =
        new Thread(() -> cli.runInto(out, "events", "--follow", "--json", "--interval", "100"));
    follower.start();
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> out.toString(StandardCharsets.UTF_8).contains("\"key\\\":\\\"b\\\""));
      cli.run("state", "set", "live", "yes");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> out.toString(StandardCharsets.UTF_8).contains("live"));
      cli.run("state", "set", "later", "too");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> out.toString(StandardCharsets.UTF_8).contains("later"));
    } finally {
      follower.interrupt();
      follower.join(10_000);
    }
    assertThat(follower.isAlive()).isFalse();
    String text = out.toString(StandardCharsets.UTF_8);
    Matcher ids = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(text);
    java.util.List<String> seen = new java.util.ArrayList<>();
    while (ids.find()) {
      seen.add(ids.group(1));
    }
    assertThat(seen).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);
    for (String line : text.split("\n")) {
      assertThat(Json.MAPPER.readTree(line).path("type").asText()).isNotEmpty();
    }
  }

  @Test
  void doctorPassesWithAPushRoundTrip() throws Exception {
    CliRun.Result r = cli.run("doctor");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .containsPattern("push round trip +OK +pushed in \\d+ ms, acknowledged \\(delivered\\)")
        .containsPattern("broker +OK +version 1.2.2")
        .containsPattern("token file +OK");
    assertThat(cli.run("peers").out()).isEqualTo("No active peers\n");
    try (var entries = Files.list(data.resolve("peers"))) {
      assertThat(entries.filter(p -> p.getFileName().toString().startsWith("doctor-"))).isEmpty();
    }
  }

  @Test
  void stopRefusesABrokerWhoseProcessIsNotProvenOurs() throws Exception {
    CliRun.Result r = cli.run("stop");
    assertThat(r.code()).isEqualTo(ExitCode.REFUSED);
    assertThat(r.err()).contains("is not an SLM Mesh broker");
    assertThat(cli.run("status").code()).isZero();
  }

  @Test
  void cleanStopsOnlyOrphanedMcpServersOfThisDataDirAndRemovesDeadSockets() throws Exception {
    String[] mcp = {"/jdk/bin/java", "-jar", "/o/slm-mesh.jar", "mcp"};
    Map<String, String> ours = Map.of("SLM_MESH_DATA_DIR", data.toString());
    http.call("/register", "projectPath", "/r", "pid", 700, "name", "live");
    FakeProcesses table =
        new FakeProcesses(10, 1)
            .add(700, 1, mcp)
            .env(700, ours)
            .add(701, 1, mcp)
            .env(701, ours)
            .add(702, 1, java.time.Instant.now(), mcp)
            .env(702, ours)
            .add(703, 1, mcp)
            .env(703, Map.of("SLM_MESH_DATA_DIR", "/elsewhere"))
            .add(704, 1, "vim", "/o/slm-mesh/mcp")
            .add(705, 1, "java", "-jar", "/o/slm-mesh.jar", "start")
            .env(705, ours)
            .add(706, 1, mcp);
    Path deadFile = Files.writeString(data.resolve("peers").resolve("gone.sock"), "");
    try (FakePeer live = FakePeer.listen(data.resolve("peers").resolve("live.sock"))) {
      CliRun.Result r = cli.processes(table).run("clean", "--json");
      assertThat(r.code()).as(r.toString()).isZero();
      JsonNode doc = Json.MAPPER.readTree(r.out());
      assertThat(doc.path("killed").asInt()).isEqualTo(1);
      assertThat(doc.path("killedPids").toString()).isEqualTo("[701]");
      assertThat(doc.path("socksCleaned").asInt()).isEqualTo(1);
      assertThat(table.terminated).containsExactly(701L);
      assertThat(deadFile).doesNotExist();
      assertThat(live.path()).exists();
    }
  }
}
