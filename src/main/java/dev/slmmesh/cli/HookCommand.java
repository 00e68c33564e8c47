package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.BrokerUnavailableException;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * {@code slm-mesh hook <client>}: run by an agent client at a point of its loop; prints this
 * session's unread messages in the client's hook format ({@link HookReply}) and so marks them read.
 * The session is found by process ancestry ({@link SessionLocator}). A hook never fails the
 * agent: problems go to stderr as one line and the exit code is 0 (2 only for a wrong command
 * line).
 */
final class HookCommand implements Command {
  static final List<String> CLIENTS = List.of("claude-code", "cursor", "codex");
  private static final int MAX_INPUT = 1 << 20;
  private static final long INPUT_WAIT_MILLIS = 2000;

  @Override
  public CommandSpec spec() {
    return new CommandSpec("hook", "print this session's new messages for a client hook",
        List.of("hook claude-code|cursor|codex [--event NAME] [--limit N]"),
        "Run by an agent client (installed by 'slm-mesh setup'). Reads the hook's JSON input on\n"
            + "stdin, finds this session's peer by process ancestry (the agent process that started\n"
            + "the hook also started this session's MCP server), prints its unread messages in the\n"
            + "client's hook format (Claude Code and Codex: additionalContext; Cursor stop:\n"
            + "followup_message) and marks them read. Prints nothing when the session is not found\n"
            + "or has no mail. Always exits 0 so the agent is never blocked. Given as Codex 'notify'\n"
            + "(a JSON argument), it does nothing: Codex discards notify output.",
        List.of(OptionSpec.value("--event", "NAME", "the hook event, when the input does not name it"),
            OptionSpec.value("--limit", "N", "at most N messages (1..100, default 20)")),
        1, 2);
  }

  @Override
  public int run(Invocation call) {
    String client = call.parsed().arg(0);
    if (!CLIENTS.contains(client)) {
      throw CliException.usage("hook: unknown client \"" + client + "\"; use " + String.join(", ", CLIENTS));
    }
    int limit = call.parsed().integer("--limit", 1, 100).orElse(20);
    if (call.parsed().args().size() == 2) {
      if (!client.equals("codex")) {
        throw CliException.usage("hook " + client + " takes no argument besides the client" + ArgParser.hint(spec()));
      }
      return ExitCode.OK; // Codex notify: its output is discarded, so nothing is taken from the inbox
    }
    Context ctx = call.context();
    JsonNode input = readInput(ctx.in());
    String event = call.parsed().value("--event")
        .orElse(input.path("hook_event_name").asText(HookReply.defaultEvent(client)));
    HookReply reply = HookReply.of(client, event, input);
    String text = reply.delivers() ? messages(call, input, limit) : null;
    String printed = text == null ? reply.empty() : reply.render(text);
    if (printed != null) {
      ctx.out().println(printed);
    }
    return ExitCode.OK;
  }

  /** The rendered messages, or null when there are none (or they cannot be fetched). */
  private static @Nullable String messages(Invocation call, JsonNode input, int limit) {
    Context ctx = call.context();
    try {
      PeerDirectory directory = new PeerDirectory(call.mesh());
      List<JsonNode> peers = directory.peers();
      Optional<JsonNode> self = SessionLocator.locate(ctx.processes(), peers, agentDir(input, ctx));
      if (self.isEmpty()) {
        call.out().note("slm-mesh hook: no registered SLM Mesh session among this hook's parent processes; nothing shown");
        return null;
      }
      String peerId = self.get().path("id").asText();
      ObjectNode body = Mesh.body().put("peerId", peerId).put("filter", "unread").put("limit", limit);
      PeerCredentials.read(ctx.config().files(), peerId).ifPresent(c -> body.put("credential", c));
      List<JsonNode> messages = new ArrayList<>();
      call.mesh().require("/messages", body).path("messages").forEach(messages::add);
      if (messages.isEmpty()) {
        return null;
      }
      Map<String, JsonNode> byId = new LinkedHashMap<>();
      peers.forEach(p -> byId.put(p.path("id").asText(), p));
      return MessageBlock.render(self.get().path("name").asText(peerId), messages, byId);
    } catch (CliException | BrokerUnavailableException e) {
      call.out().note("slm-mesh hook: " + e.getMessage());
      return null;
    }
  }

  /** Where the agent works: {@code cwd} (Claude Code, Codex), {@code workspace_roots[0]} (Cursor). */
  private static @Nullable Path agentDir(JsonNode input, Context ctx) {
    String dir = input.path("cwd").asText(input.path("workspace_roots").path(0).asText(""));
    try {
      return dir.isEmpty() ? ctx.cwd() : Path.of(dir);
    } catch (InvalidPathException e) {
      return ctx.cwd();
    }
  }

  /** The hook's JSON input; {} when there is none, it is not JSON, or it does not come in time. */
  static JsonNode readInput(InputStream in) {
    CompletableFuture<byte[]> read = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        read.complete(in.readNBytes(MAX_INPUT));
      } catch (IOException e) {
        read.completeExceptionally(e);
      }
    }, "hook-input");
    reader.setDaemon(true);
    reader.start();
    try {
      byte[] bytes = read.get(INPUT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      JsonNode node = Json.MAPPER.readTree(bytes);
      return node != null && node.isObject() ? node : Json.MAPPER.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Json.MAPPER.createObjectNode();
    } catch (ExecutionException | TimeoutException | IOException e) {
      // a hook run by hand in a terminal, or a client that sends no input: events default
      return Json.MAPPER.createObjectNode();
    }
  }
}
