package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.config.MemorySettings;
import dev.slmmesh.memory.MemoryBridge;
import dev.slmmesh.memory.MemoryBridges;
import dev.slmmesh.memory.MemoryException;
import java.util.List;

/**
 * {@code slm-mesh recall <query...>}: what the memory system (SuperLocalMemory, docs/memory.md)
 * recalls for the query, straight from it: the broker is not involved.
 */
final class RecallCommand implements Command {
  static final int DEFAULT_LIMIT = 10;

  @Override
  public CommandSpec spec() {
    return new CommandSpec(
        "recall",
        "what the memory system recalls (SuperLocalMemory)",
        List.of("recall <query...> [--limit N]"),
        "Asks the memory system the broker remembers the mesh in (SuperLocalMemory: its slm command\n"
            + "on the PATH, or its endpoint in SLM_MESH_MEMORY_URL or an http:// SLM_MESH_PEER_URL)\n"
            + "and prints what it recalls, one memory a line. Mesh memories start with [mesh:message],\n"
            + "[mesh:state] or [mesh:event]. Exit 1 when no memory system is found or it fails.",
        List.of(OptionSpec.value("--limit", "N", "at most N memories (1-100, default 10)")),
        1,
        -1);
  }

  @Override
  public int run(Invocation call) {
    int limit = call.parsed().integer("--limit", 1, 100).orElse(DEFAULT_LIMIT);
    String query = String.join(" ", call.parsed().args());
    MemoryBridges.Detection d =
        MemoryBridges.detect(MemorySettings.of(call.context().config()), call.context().env());
    MemoryBridge bridge =
        d.found()
            .orElseThrow(
                () ->
                    CliException.refused(
                        d.line()
                            + ". Install SuperLocalMemory (slm), or set "
                            + MemorySettings.URL
                            + "=http://host:8765"));
    List<String> memories;
    try {
      memories = bridge.recall(query, limit);
    } catch (MemoryException e) {
      throw CliException.refused(e.getMessage());
    }
    if (call.out().json()) {
      ObjectNode body = Mesh.body().put("ok", true).put("source", bridge.describe());
      ArrayNode list = body.putArray("memories");
      memories.forEach(list::add);
      call.out().document(body);
    } else if (memories.isEmpty()) {
      call.out().line("Nothing recalled for \"" + query + "\" (" + bridge.describe() + ")");
    } else {
      memories.forEach(call.out()::line);
    }
    return ExitCode.OK;
  }
}
