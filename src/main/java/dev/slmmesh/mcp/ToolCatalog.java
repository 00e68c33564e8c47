package dev.slmmesh.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one list of tools: the eight of the original, in its order, with its names and input schemas
 * (docs/mcp.md) plus optional arguments of ours, then {@code mesh_recall} (ours, listed only with a
 * memory system). Each tool is one class holding its description and its handler; adding a tool is
 * that class and one line here.
 */
final class ToolCatalog {
  /** A tool's description, and how to make its handler for a session. */
  private record Entry(ToolSpec spec, Function<MeshTool.Context, MeshTool> handler) {}

  private static final List<Entry> TOOLS =
      List.of(
          new Entry(PeersTool.SPEC, PeersTool::new),
          new Entry(SummaryTool.SPEC, SummaryTool::new),
          new Entry(SendTool.SPEC, SendTool::new),
          new Entry(InboxTool.SPEC, InboxTool::new),
          new Entry(StateTool.SPEC, StateTool::new),
          new Entry(LockTool.SPEC, LockTool::new),
          new Entry(EventsTool.SPEC, EventsTool::new),
          new Entry(StatusTool.SPEC, StatusTool::new),
          new Entry(RecallTool.SPEC, RecallTool::new));

  /** Listed only when a memory system is detected. */
  private static final String NEEDS_MEMORY = RecallTool.NAME;

  private ToolCatalog() {}

  /** The eight tools of the original (without {@code mesh_recall}). */
  static List<ToolSpec> all() {
    return all(false);
  }

  static Optional<ToolSpec> find(String name) {
    return TOOLS.stream().map(Entry::spec).filter(t -> t.name().equals(name)).findFirst();
  }

  /** The eight tools, and {@code mesh_recall} after them when {@code memory} is on. */
  static List<ToolSpec> all(boolean memory) {
    return TOOLS.stream()
        .map(Entry::spec)
        .filter(t -> memory || !t.name().equals(NEEDS_MEMORY))
        .toList();
  }

  /** The handler of every tool for one session, by tool name. */
  static Map<String, MeshTool> handlers(MeshTool.Context context) {
    Map<String, MeshTool> handlers = new LinkedHashMap<>();
    TOOLS.forEach(e -> handlers.put(e.spec().name(), e.handler().apply(context)));
    return Map.copyOf(handlers);
  }
}
