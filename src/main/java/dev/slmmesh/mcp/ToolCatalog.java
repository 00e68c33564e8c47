package dev.slmmesh.mcp;

import dev.slmmesh.wire.MeshLimits;
import java.util.List;
import java.util.Optional;

/**
 * The eight tools, in the original's order, with the original's names and input schemas (docs/mcp.md)
 * plus optional arguments of ours. Descriptions are written for the model: when to use the
 * tool and what comes back.
 */
final class ToolCatalog {
  static final String PEERS = "mesh_peers";
  static final String SUMMARY = "mesh_summary";
  static final String SEND = "mesh_send";
  static final String INBOX = "mesh_inbox";
  static final String STATE = "mesh_state";
  static final String LOCK = "mesh_lock";
  static final String EVENTS = "mesh_events";
  static final String STATUS = "mesh_status";
  /** Ours, listed only when a memory system is detected (docs/memory.md). */
  static final String RECALL = "mesh_recall";

  static final int SUMMARY_MAX = MeshLimits.SUMMARY_MAX;

  private static final List<ToolSpec> TOOLS =
      List.of(peers(), summary(), send(), inbox(), state(), lock(), events(), status());

  private ToolCatalog() {}

  static List<ToolSpec> all() {
    return TOOLS;
  }

  static Optional<ToolSpec> find(String name) {
    return TOOLS.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The eight tools, and {@code mesh_recall} after them when {@code memory} is on. */
  static List<ToolSpec> all(boolean memory) {
    if (!memory) {
      return TOOLS;
    }
    List<ToolSpec> tools = new java.util.ArrayList<>(TOOLS);
    tools.add(RECALL_TOOL);
    return List.copyOf(tools);
  }

  private static final ToolSpec RECALL_TOOL = new ToolSpec(RECALL, "Recall From Memory",
      "Ask the long-term memory system (SuperLocalMemory) what it remembers: past mesh messages, "
          + "shared state and events are stored there as \"[mesh:message] from -> to: text\", "
          + "\"[mesh:state] namespace/key = value (by peer)\" and \"[mesh:event] type by peer: "
          + "payload\", next to whatever else it remembers. Use it to learn what other agents "
          + "decided or said before you joined. Returns {\"ok\":true,\"memories\":[...]}.",
      true,
      List.of(Param.string("query", "What to recall, in words").mandatory().length(1, 1000),
          Param.integer("limit", "Maximum number of memories (default 10)", 1, 100)));

  private static ToolSpec peers() {
    return new ToolSpec(PEERS, "List Mesh Peers",
        "List the other AI agent sessions on the mesh (you are not included): each peer's id, "
            + "name, agent type, project path, git branch, work summary and how messages reach "
            + "it (deliveryPath, pushConnected). Use it to see who works on what, and to find "
            + "the id or name to give mesh_send. Returns {\"ok\":true,\"peers\":[...]}.",
        true,
        List.of(Param.choice("scope",
            "machine (default: peers on this machine), mesh (every machine of a multi-machine "
                + "mesh), directory (same project directory), repo (same git repository)",
            "machine", "mesh", "directory", "repo")));
  }

  private static ToolSpec summary() {
    return new ToolSpec(SUMMARY, "Set Work Summary",
        "Tell the other agents what you are working on; they see it in mesh_peers. Call it when "
            + "you start a task and whenever your focus changes. Returns {\"ok\":true}.",
        false,
        List.of(Param.string("summary", "What you are working on (1-2500 characters)")
            .mandatory().length(1, SUMMARY_MAX)));
  }

  private static ToolSpec send() {
    return new ToolSpec(SEND, "Send Message",
        "Send a message to another agent: to = a peer id or name from mesh_peers, or \"all\" "
            + "to broadcast to every other peer. The recipient gets it promptly (as a channel "
            + "message, or attached to its next mesh tool result). Write self-contained messages "
            + "and never include secrets or API keys. Returns {\"ok\":true,\"messageId\":...} "
            + "({\"messageIds\":[...]} for a broadcast). With whenIdle the broker holds the "
            + "message until the recipient is idle (answers \"held\":true when it waits).",
        false,
        List.of(
            Param.string("to", "Peer id or name from mesh_peers, or \"all\" to broadcast")
                .mandatory().length(1, Param.UNBOUNDED),
            Param.string("message", "The message text (at most 64 KiB)")
                .mandatory().length(1, Param.UNBOUNDED),
            Param.choice("type", "Message type (default text)", "text", "json", "command",
                "alert"),
            Param.string("replyTo",
                "Id of the message you are answering; the recipient sees the reference"),
            Param.bool("whenIdle",
                "Hold the message until the recipient is idle (not working, not waiting for its "
                    + "user), so it does not interrupt; one recipient only")));
  }

  private static ToolSpec inbox() {
    return new ToolSpec(INBOX, "Check Inbox",
        "Read the messages other agents sent you. New messages are normally shown to you "
            + "without asking (as a channel message, or a \"[slm-mesh] new messages\" block "
            + "after any mesh tool result); use this to list them all, to re-read older ones "
            + "(filter \"all\") or to read text that was shown truncated. Unread messages it "
            + "returns are marked read. ack: ids of messages you already handled (for example "
            + "from a channel message), marked read without being returned again. Returns "
            + "{\"ok\":true,\"messages\":[...]}.",
        false,
        List.of(
            Param.choice("filter", "unread (default) or all", "unread", "all"),
            Param.string("from", "Only messages from this peer id"),
            Param.integer("limit", "Maximum number of messages (1-" + MeshLimits.LIST_MAX
                + ", default 20)", 1, MeshLimits.LIST_MAX),
            Param.strings("ack", "Message ids to mark read first", MeshLimits.IDS_MAX)));
  }

  private static ToolSpec state() {
    return new ToolSpec(STATE, "Shared State",
        "Key-value state shared by every agent on the mesh: settings, endpoints, status flags, "
            + "decisions. Values are stored and shown to all peers in plain text, so never store "
            + "secrets. get and delete need key; set needs key and value; list returns every "
            + "entry of the namespace (default \"default\"). Returns {\"ok\":true,\"entry\":...} "
            + "or {\"ok\":true,\"entries\":[...]}.",
        false,
        List.of(
            Param.choice("action", "get, set, list or delete", "get", "set", "list", "delete")
                .mandatory(),
            Param.string("key", "The key (get, set, delete)").length(0, MeshLimits.KEY_MAX),
            Param.string("value", "The value to store (set)"),
            Param.string("namespace", "Namespace (default \"default\")")
                .length(0, MeshLimits.NAMESPACE_MAX)));
  }

  private static ToolSpec lock() {
    return new ToolSpec(LOCK, "File Lock",
        "Advisory file locks between agents. ALWAYS query before editing a file another agent "
            + "might be editing: action \"query\" with its filePath; if another peer holds it, "
            + "coordinate with mesh_send instead of editing. \"lock\" takes a lock (or renews "
            + "yours) for ttlMinutes; \"unlock\" releases yours. Relative paths are resolved "
            + "against this session's working directory. Returns {\"ok\":true,\"lock\":...}, "
            + "{\"ok\":true,\"locks\":[...]} or {\"ok\":false,\"error\":\"File locked by ...\"}.",
        false,
        List.of(
            Param.choice("action", "lock, unlock or query", "lock", "unlock", "query").mandatory(),
            Param.string("filePath",
                "Path of the file (absolute, or relative to your working directory); required "
                    + "for lock and unlock, optional for query (all locks)"),
            Param.string("reason", "Why you lock it, shown to other agents")
                .length(0, MeshLimits.REASON_MAX),
            Param.integer("ttlMinutes", "Lock duration in minutes (1-"
                + MeshLimits.LOCK_TTL_MAX_MINUTES + ", default 10)", 1,
                MeshLimits.LOCK_TTL_MAX_MINUTES)));
  }

  private static ToolSpec events() {
    return new ToolSpec(EVENTS, "Mesh Events",
        "The mesh event log: peers joining and leaving, messages sent, locks, state changes and "
            + "custom events. action \"read\" (default) returns recent events, newest first "
            + "(filter by types, since, limit); \"subscribe\"/\"unsubscribe\" choose the event "
            + "types pushed to this session; \"emit\" publishes a custom event (type plus an "
            + "optional data object) to the other agents. Returns {\"ok\":true,\"events\":[...]}.",
        false,
        List.of(
            Param.choice("action", "read (default), subscribe, unsubscribe or emit", "read",
                "subscribe", "unsubscribe", "emit"),
            Param.strings("types", "Event types to read or subscribe to (\"*\" = all)", 100),
            Param.string("since", "Only events after this time (ISO 8601, e.g. "
                + "2026-04-08T10:30:00Z)"),
            Param.integer("limit", "Maximum number of events (1-" + MeshLimits.LIST_MAX
                + ", default 50)", 1, MeshLimits.LIST_MAX),
            Param.string("type", "The custom event type to emit (emit)").length(1, 100),
            Param.object("data", "The custom event's data (emit)")));
  }

  private static ToolSpec status() {
    return new ToolSpec(STATUS, "Mesh Status",
        "Health of the mesh and of this session: broker uptime and version, peer, message, lock "
            + "and event counts, and session (your own peer id and name, agent type, how "
            + "messages reach you: deliveryPath, and pending messages). Use it to check that "
            + "the mesh works or to learn your own id.",
        true,
        List.of());
  }
}
