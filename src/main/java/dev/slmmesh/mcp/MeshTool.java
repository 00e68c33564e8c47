package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * What {@code tools/call} does for one MCP tool. Each tool is one class holding both its {@code
 * SPEC} (what {@code tools/list} shows: name, description for the model, parameters) and this
 * handler; {@link ToolCatalog} pairs them in its one list, so adding a tool is a class and a line
 * there.
 */
@FunctionalInterface
interface MeshTool {
  /**
   * Runs the tool with arguments already checked against its spec's parameters. Returns the answer
   * shown to the model as compact JSON (a record of wire, or a JSON node); {@link Failed} marks an
   * answer as a tool error. A broker's refusal ({@code MeshRefusedException}) is shown as its
   * {@code {"ok":false,"error"}} answer by {@link MeshTools}.
   */
  Object run(ObjectNode args) throws InvalidArgumentsException;

  /** An answer shown with {@code isError: true}. */
  record Failed(Object body) {}

  /**
   * What the tools work with: this session, its delivery, its push socket and working directory.
   */
  record Context(
      Session session, Delivery delivery, SessionProbe probe, Path cwd, MemoryTool memory) {}
}
