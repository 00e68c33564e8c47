package dev.slmmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.BrokerDaemon;
import dev.slmmesh.testkit.MeshHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One client's world: a temporary home (its config dir), a project directory, a data directory with
 * a broker on a free port, and another agent already on the mesh ("reviewer"), which sends messages
 * and receives what the client's model sends. Clients run with this environment only (plus PATH),
 * so nothing of the user's own set-up leaks in.
 */
final class Sandbox implements AutoCloseable {
  static final Path LAUNCHER = Path.of("bin", "slm-mesh").toAbsolutePath();
  static final Duration CLIENT_RUN = Duration.ofMinutes(4);
  static final String B_TXT = "the reviewer's file\n";

  /** What a finished process printed. */
  record Run(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  final AgentCli cli;
  final Path root;
  final Path home;
  final Path work;
  final Path data;
  final BrokerDaemon broker;
  final MeshHttp http;
  final String reviewer;
  private final Map<String, String> env = new LinkedHashMap<>();
  private volatile @Nullable Started current;

  Sandbox(AgentCli cli) throws IOException {
    this.cli = cli;
    root = Files.createTempDirectory(Path.of("/tmp"), "e2e-" + cli.bin() + "-");
    home = Files.createDirectories(root.resolve("home"));
    work = Files.createDirectories(root.resolve("work"));
    Files.createDirectories(work.resolve("src"));
    Files.writeString(work.resolve("src").resolve("a.txt"), "shared file\n");
    Files.writeString(work.resolve("src").resolve("b.txt"), B_TXT);
    data = root.resolve("data");
    // the reviewer sends no heartbeats: it must not go stale while a slow machine runs the client
    broker =
        BrokerDaemon.start(
            Config.defaults(data)
                .withPort(0)
                .withTimers(
                    Config.HEARTBEAT,
                    Duration.ofMinutes(30),
                    Duration.ofMinutes(60),
                    Duration.ZERO));
    http = new MeshHttp(broker.port(), broker.token());
    reviewer =
        http.call(
                "/register",
                "projectPath",
                work.toString(),
                "pid",
                ProcessHandle.current().pid(),
                "name",
                "reviewer",
                "agentType",
                "unknown")
            .json()
            .path("peerId")
            .asText();
    env.put("HOME", home.toString());
    env.put(
        "PATH",
        cli.executable().getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("LANG", "C.UTF-8");
    env.put("TERM", "dumb");
    env.put("SLM_MESH_DATA_DIR", data.toString());
    env.put("SLM_MESH_PORT", Integer.toString(broker.port()));
  }

  Sandbox env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** Runs {@code slm-mesh setup <client>} as a user would, in this home. */
  Run setup() throws IOException, InterruptedException {
    Run r = run(work, CLIENT_RUN, LAUNCHER.toString(), "setup", cli.setupId());
    assertThat(r.exit()).as("slm-mesh setup %s: %s", cli.setupId(), r).isZero();
    return r;
  }

  /** A client process under way, its input a pipe, its output in files. */
  record Started(Process process, Path out, Path err, String command) {
    String stdout() throws IOException {
      return read(out);
    }

    void write(String line) throws IOException {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    }

    /** Closes its input and waits for the end; kills it and fails after {@code limit}. */
    Run finish(Duration limit) throws IOException, InterruptedException {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // it already exited and closed its end
      }
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(
            command + " did not finish within " + limit + "\n" + new Run(-1, read(out), read(err)));
      }
      return new Run(process.exitValue(), read(out), read(err));
    }

    /** What it printed so far, for a failure message. */
    String printed() {
      try {
        return command + "\n--- stdout ---\n" + read(out) + "\n--- stderr ---\n" + read(err);
      } catch (IOException e) {
        return command + ": " + e;
      }
    }
  }

  /** The output of the last client command started, for failure messages. */
  String lastOutput() {
    Started s = current;
    return s == null ? "(no client command started)" : s.printed();
  }

  /** Starts {@code command}; a first word that is the client's name runs the installed client. */
  Started start(Path dir, boolean pipeInput, String... command) throws IOException {
    List<String> words = new ArrayList<>(List.of(command));
    if (words.get(0).equals(cli.bin())) {
      words.set(0, cli.executable().toString());
    }
    ProcessBuilder pb = new ProcessBuilder(words).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile(root, "out", ".txt");
    Path err = Files.createTempFile(root, "err", ".txt");
    if (!pipeInput) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Started started = new Started(pb.start(), out, err, String.join(" ", command));
    current = started;
    return started;
  }

  Run run(Path dir, Duration limit, String... command) throws IOException, InterruptedException {
    return start(dir, false, command).finish(limit);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** The active peers other than the reviewer: the client's sessions. */
  List<JsonNode> sessions() {
    List<JsonNode> out = new ArrayList<>();
    http.call("/peers", "scope", "machine", "excludeId", reviewer)
        .json()
        .path("peers")
        .forEach(out::add);
    return out;
  }

  /**
   * Waits for the session of the client process under way (its MCP server is one of the process's
   * descendants) and returns it; sessions of earlier commands ({@code mcp list}) are not it.
   */
  JsonNode awaitSession() {
    Started client = current;
    assertThat(client).as("no client process under way").isNotNull();
    await().atMost(Duration.ofSeconds(60)).until(() -> sessionOf(client).isPresent());
    return sessionOf(client).orElseThrow();
  }

  private Optional<JsonNode> sessionOf(Started client) {
    List<Long> tree = new ArrayList<>();
    tree.add(client.process().pid());
    client.process().descendants().forEach(p -> tree.add(p.pid()));
    return sessions().stream().filter(s -> tree.contains(s.path("pid").asLong())).findFirst();
  }

  /** Whether the broker still lists the session {@code peerId} as active. */
  boolean isActive(String peerId) {
    return sessions().stream().anyMatch(s -> s.path("id").asText().equals(peerId));
  }

  /** Sends a message from the reviewer to {@code peerId}, as another agent would. */
  String sendFromReviewer(String peerId, String text) {
    MeshHttp.Response r =
        http.call("/send", "fromPeer", reviewer, "toPeer", peerId, "payload", text);
    assertThat(r.ok()).as(r.text()).isTrue();
    return r.json().path("messageId").asText();
  }

  /** Waits until the session's MCP server has acknowledged the message (it holds it now). */
  void awaitDelivered(String messageId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !http.call("/messages/status", "peerId", reviewer, "messageIds", List.of(messageId))
                    .json()
                    .path("receipts")
                    .path(0)
                    .path("status")
                    .asText("queued")
                    .equals("queued"));
  }

  /** The messages the reviewer received (all of them, read or not). */
  List<JsonNode> reviewerInbox() {
    List<JsonNode> out = new ArrayList<>();
    http.call("/messages", "peerId", reviewer, "filter", "all")
        .json()
        .path("messages")
        .forEach(out::add);
    return out;
  }

  /** The reviewer locks {@code work/<file>}, as another agent editing it would. */
  void reviewerLocks(String file) {
    MeshHttp.Response r =
        http.call(
            "/lock",
            "action",
            "lock",
            "filePath",
            work.resolve(file).toString(),
            "peerId",
            reviewer,
            "reason",
            "reviewing it");
    assertThat(r.ok()).as(r.text()).isTrue();
  }

  /** The lock on {@code work/<file>} as the reviewer sees it. */
  String lockOn(String file) {
    return http.call(
            "/lock",
            "action",
            "query",
            "filePath",
            work.resolve(file).toString(),
            "peerId",
            reviewer)
        .text();
  }

  /**
   * Stops the broker and removes the tree; a second pass takes what a client's last background hook
   * wrote while the first ran.
   */
  @Override
  public void close() throws IOException {
    broker.close();
    for (int pass = 0; pass < 2 && Files.exists(root); pass++) {
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (java.io.UncheckedIOException e) {
        // a file vanished under the walk (a hook removing its own): the next pass goes on
      }
    }
  }
}
