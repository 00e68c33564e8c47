package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.config.Config;
import dev.slmmesh.wire.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A raw JSON-RPC client of our MCP server, in-process ({@link McpMain#run}) or over a spawned
 * process's stdio. Records every line the server writes, so tests can assert on notifications and
 * on the absence of anything but protocol on stdout.
 */
final class McpTestClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  private final OutputStream toServer;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final List<String> rawLines = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final CompletableFuture<Void> outputClosed = new CompletableFuture<>();
  private final Process process;
  private final CompletableFuture<Integer> inProcessExit;

  private McpTestClient(
      OutputStream toServer,
      InputStream fromServer,
      Process process,
      CompletableFuture<Integer> inProcessExit) {
    this.toServer = toServer;
    this.process = process;
    this.inProcessExit = inProcessExit;
    Thread reader = new Thread(() -> read(fromServer), "test-mcp-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static McpTestClient inProcess(Config config) throws IOException {
    PipedOutputStream toServer = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 20);
    PipedInputStream fromServer = new PipedInputStream(1 << 20);
    PipedOutputStream serverOut = new PipedOutputStream(fromServer);
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread server =
        new Thread(
            () -> {
              try {
                exit.complete(McpMain.run(config, serverIn, serverOut));
              } catch (Throwable t) {
                exit.completeExceptionally(t);
              } finally {
                try {
                  serverOut.close();
                } catch (IOException e) {
                  // the reader sees the end either way
                }
              }
            },
            "test-mcp-server");
    server.setDaemon(true);
    server.start();
    return new McpTestClient(toServer, fromServer, null, exit);
  }

  static McpTestClient spawn(Path jar, Map<String, String> env, Path stderr) throws IOException {
    return spawn(List.of(), jar, env, stderr);
  }

  /** As above, the command run behind {@code prefix} (e.g. {@code ip netns exec <ns>}). */
  static McpTestClient spawn(List<String> prefix, Path jar, Map<String, String> env, Path stderr)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(java, "-jar", jar.toString(), "mcp"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("CLAUDECODE");
    pb.environment().remove("CURSOR_TRACE_ID");
    pb.environment().remove("VSCODE_PID");
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    Process p = pb.start();
    return new McpTestClient(p.getOutputStream(), p.getInputStream(), p, null);
  }

  Process process() {
    return process;
  }

  private void read(InputStream in) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        rawLines.add(line);
        received.add(Json.MAPPER.readTree(line));
      }
    } catch (IOException e) {
      // the server went away: tests assert on what was received
    } finally {
      outputClosed.complete(null);
    }
  }

  void sendLine(String line) throws IOException {
    toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }

  void notify(String method) throws IOException {
    sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}");
  }

  /** Sends a request and waits for its response (result or error). */
  JsonNode request(String method, JsonNode params) throws Exception {
    int id = ids.incrementAndGet() + 1000;
    ObjectNode req = Json.MAPPER.createObjectNode();
    req.put("jsonrpc", "2.0");
    req.put("id", id);
    req.put("method", method);
    req.set("params", params);
    sendLine(Json.write(req));
    return await(m -> m.path("id").asInt(-1) == id && !m.has("method"));
  }

  JsonNode initialize() throws Exception {
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.put("protocolVersion", "2025-06-18");
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "test").put("version", "1");
    JsonNode answer = request("initialize", params);
    notify("notifications/initialized");
    return answer;
  }

  /** The result of tools/call. */
  JsonNode callTool(String name, JsonNode arguments) throws Exception {
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.put("name", name);
    params.set("arguments", arguments);
    return request("tools/call", params).get("result");
  }

  JsonNode callTool(String name, String argumentsJson) throws Exception {
    return callTool(name, Json.MAPPER.readTree(argumentsJson));
  }

  /** Waits for the first received message matching {@code test}. */
  JsonNode await(Predicate<JsonNode> test) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode m : received) {
        if (test.test(m)) {
          return m;
        }
      }
      if (outputClosed.isDone()) {
        break;
      }
      Thread.sleep(10);
    }
    for (JsonNode m : received) {
      if (test.test(m)) {
        return m;
      }
    }
    throw new AssertionError("no matching message within " + WAIT + "; received " + received);
  }

  List<JsonNode> notifications(String method) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode m : received) {
      if (method.equals(m.path("method").asText()) && !m.has("id")) {
        out.add(m);
      }
    }
    return out;
  }

  List<JsonNode> received() {
    return List.copyOf(received);
  }

  List<String> rawLines() {
    return List.copyOf(rawLines);
  }

  void closeInput() throws IOException {
    toServer.close();
  }

  /** Waits until the server's stdout ends (it exited or closed it). */
  boolean awaitOutputClosed(Duration max) throws Exception {
    try {
      outputClosed.get(max.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  /** The in-process server's return value. */
  int exitCode(Duration max) throws Exception {
    return inProcessExit.get(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The texts of a tools/call result's content items. */
  static List<String> texts(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.path("content").forEach(c -> out.add(c.path("text").asText()));
    return out;
  }

  @Override
  public void close() throws Exception {
    try {
      toServer.close();
    } catch (IOException e) {
      // already closed
    }
    if (process != null) {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } else if (inProcessExit != null) {
      try {
        inProcessExit.get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // the test fails elsewhere if it cared; do not hang the suite
      }
    }
  }
}
