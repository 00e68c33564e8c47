package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Finds the peer of the agent session that ran a hook, without guessing. The agent starts both
 * its MCP servers and its hooks as child processes, and our MCP server registers with its own PID.
 * So the hook walks up its own ancestors, nearest first, to the first one that is the parent of
 * one of our MCP servers (registered or not): that ancestor is the hook's agent. The answer is the
 * registered peer among that agent's MCP servers; several are told apart by the hook's working
 * directory. No answer (no agent found, its MCP server not registered, still ambiguous) means the
 * hook prints nothing: it never shows another session's messages.
 */
final class SessionLocator {
  static final int MAX_DEPTH = 64;

  private SessionLocator() {}

  /**
   * @param peers the registered peers ({@code /peers} objects with {@code pid}, {@code projectPath})
   * @param cwd the directory the agent says it works in, to tell several servers apart
   */
  static Optional<JsonNode> locate(ProcessTable table, List<JsonNode> peers, @Nullable Path cwd) {
    Map<Long, List<ProcessView>> mcpByParent = new HashMap<>();
    for (ProcessView p : table.all()) {
      if (OurProcesses.role(p.argv()).filter(r -> r == OurProcesses.Role.MCP_SERVER).isPresent()) {
        mcpByParent.computeIfAbsent(p.parentPid(), k -> new ArrayList<>()).add(p);
      }
    }
    for (long ancestor : ancestors(table)) {
      List<ProcessView> servers = mcpByParent.get(ancestor);
      if (servers != null) {
        Set<Long> pids = servers.stream().map(ProcessView::pid).collect(Collectors.toSet());
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode peer : peers) {
          if (pids.contains(peer.path("pid").asLong())) {
            mine.add(peer);
          }
        }
        return choose(mine, cwd);
      }
    }
    return Optional.empty();
  }

  /** This process and its ancestors, nearest first, without init (PID 1) and without cycles. */
  static List<Long> ancestors(ProcessTable table) {
    Map<Long, Boolean> chain = new LinkedHashMap<>();
    long pid = table.self();
    while (pid > 1 && chain.size() < MAX_DEPTH && !chain.containsKey(pid)) {
      chain.put(pid, Boolean.TRUE);
      Optional<ProcessView> p = table.find(pid);
      if (p.isEmpty()) {
        break;
      }
      pid = p.get().parentPid();
    }
    return new ArrayList<>(chain.keySet());
  }

  private static Optional<JsonNode> choose(List<JsonNode> mine, @Nullable Path cwd) {
    if (mine.size() == 1) {
      return Optional.of(mine.get(0));
    }
    if (mine.isEmpty() || cwd == null) {
      return Optional.empty();
    }
    String dir = cwd.toAbsolutePath().normalize().toString();
    List<JsonNode> here = mine.stream().filter(p -> dir.equals(p.path("projectPath").asText())).toList();
    return here.size() == 1 ? Optional.of(here.get(0)) : Optional.empty();
  }
}
