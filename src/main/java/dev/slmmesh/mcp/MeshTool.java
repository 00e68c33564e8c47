package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * One MCP tool: what {@code tools/list} shows of it ({@link #spec()}: name, description for the
 * model, arguments) and what {@code tools/call} does, side by side in one class. The tools are
 * registered in {@link ToolCatalog}; adding a tool is a class and a line there.
 */
interface MeshTool {
  ToolSpec spec();

  /**
   * Runs the tool with arguments already checked against {@link #spec()}'s parameters. Returns the
   * answer shown to the model as compact JSON (a record of wire, or a JSON node); {@link Failed}
   * marks an answer as a tool error. A broker's refusal ({@code MeshRefusedException}) is shown as
   * its {@code {"ok":false,"error"}} answer by {@link MeshTools}.
   */
  Object run(ObjectNode args) throws InvalidArgumentsException;

  /** An answer shown with {@code isError: true}. */
  record Failed(Object body) {}

  /** What the tools work with: this session, its delivery, its push socket and working directory. */
  record Context(Session session, Delivery delivery, SessionProbe probe, Path cwd, MemoryTool memory) {}
}
