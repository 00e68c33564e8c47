package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.BrokerUnavailableException;
import dev.slmmesh.client.MeshRefusedException;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs the tools of {@link ToolCatalog}: checks the arguments against the tool's parameters, runs
 * its handler, and returns a {@code tools/call} result whose first text is the compact JSON answer
 * (the broker's, docs/wire.md), followed by any unread messages ({@link Delivery#piggyback}).
 */
final class MeshTools {
  private final Session session;
  private final Delivery delivery;
  private final PresenceTracker presence;
  private final MemoryTool memory;
  private final Map<String, MeshTool> handlers;

  MeshTools(
      Session session, Delivery delivery, SessionProbe probe, Path cwd, PresenceTracker presence) {
    this(session, delivery, probe, cwd, presence, MemoryTool.none());
  }

  MeshTools(
      Session session,
      Delivery delivery,
      SessionProbe probe,
      Path cwd,
      PresenceTracker presence,
      MemoryTool memory) {
    this.memory = memory;
    this.session = session;
    this.presence = presence;
    this.delivery = delivery;
    this.handlers =
        ToolCatalog.handlers(new MeshTool.Context(session, delivery, probe, cwd, memory));
  }

  /** The result of {@code tools/call}; unknown tools are a JSON-RPC error. */
  ObjectNode call(String name, @Nullable JsonNode arguments) throws RpcException {
    ToolSpec spec =
        tools().stream()
            .filter(t -> t.name().equals(name))
            .findFirst()
            .orElseThrow(
                () -> new RpcException(RpcException.INVALID_PARAMS, "Unknown tool: " + name));
    if (presence.toolCalled()) {
      session.reportPresenceSoon();
    }
    ObjectNode result;
    try {
      result = answer(handlers.get(spec.name()).run(ArgumentCheck.check(spec, arguments)));
    } catch (InvalidArgumentsException e) {
      result = error(e.getMessage());
    } catch (MeshRefusedException e) {
      result =
          result(Json.write(e.refusal()), false); // the broker's answer, as the original shows it
    } catch (BrokerUnavailableException e) {
      result = error("Broker unavailable: " + e.getMessage());
    }
    Optional<String> unread = delivery.piggyback();
    if (unread.isPresent()) {
      addText(result, unread.get());
      session.flushReads();
    }
    return result;
  }

  /**
   * What {@code tools/list} shows: the eight tools, and {@code mesh_recall} with a memory system.
   */
  List<ToolSpec> tools() {
    return ToolCatalog.all(memory.bridge().isPresent());
  }

  private static ObjectNode answer(Object body) {
    if (body instanceof MeshTool.Failed) {
      return result(Json.write(((MeshTool.Failed) body).body()), true);
    }
    return result(Json.write(body), false);
  }

  private static ObjectNode error(String message) {
    return result(Json.write(new Answer.Refusal(message)), true);
  }

  private static ObjectNode result(String text, boolean isError) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.putArray("content");
    addText(result, text);
    if (isError) {
      result.put("isError", true);
    }
    return result;
  }

  private static void addText(ObjectNode result, String text) {
    ((ArrayNode) result.get("content")).addObject().put("type", "text").put("text", text);
  }
}
