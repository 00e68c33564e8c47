package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code mesh_recall} (ours): asks the memory system, listed only when one is detected
 * (docs/memory.md).
 */
final class RecallTool implements MeshTool {
  static final String NAME = "mesh_recall";
  static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Recall From Memory",
          "Ask the long-term memory system (SuperLocalMemory) what it remembers: past mesh messages, "
              + "shared state and events are stored there as \"[mesh:message] from -> to: text\", "
              + "\"[mesh:state] namespace/key = value (by peer)\" and \"[mesh:event] type by peer: "
              + "payload\", next to whatever else it remembers. Use it to learn what other agents "
              + "decided or said before you joined. Returns {\"ok\":true,\"memories\":[...]}.",
          true,
          List.of(
              Param.string("query", "What to recall, in words").mandatory().length(1, 1000),
              Param.integer("limit", "Maximum number of memories (default 10)", 1, 100)));

  private final MemoryTool memory;

  RecallTool(Context c) {
    this.memory = c.memory();
  }

  @Override
  public Object run(ObjectNode args) {
    return memory.recall(args.get("query").asText(), args.path("limit").asInt(10));
  }
}
