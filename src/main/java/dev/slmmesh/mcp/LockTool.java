package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.MeshApi;
import dev.slmmesh.wire.LockApi;
import dev.slmmesh.wire.MeshLimits;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code mesh_lock}: advisory file locks ({@code /lock}); relative paths against the session's
 * directory.
 */
final class LockTool implements MeshTool {
  static final String NAME = "mesh_lock";
  static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "File Lock",
          "Advisory file locks between agents. ALWAYS query before editing a file another agent "
              + "might be editing: action \"query\" with its filePath; if another peer holds it, "
              + "coordinate with mesh_send instead of editing. \"lock\" takes a lock (or renews "
              + "yours) for ttlMinutes; \"unlock\" releases yours. Relative paths are resolved "
              + "against this session's working directory. Returns {\"ok\":true,\"lock\":...}, "
              + "{\"ok\":true,\"locks\":[...]} or {\"ok\":false,\"error\":\"File locked by ...\"}.",
          false,
          List.of(
              Param.choice("action", "lock, unlock or query", "lock", "unlock", "query")
                  .mandatory(),
              Param.string(
                  "filePath",
                  "Path of the file (absolute, or relative to your working directory); required "
                      + "for lock and unlock, optional for query (all locks)"),
              Param.string("reason", "Why you lock it, shown to other agents")
                  .length(0, MeshLimits.REASON_MAX),
              Param.integer(
                  "ttlMinutes",
                  "Lock duration in minutes (1-"
                      + MeshLimits.LOCK_TTL_MAX_MINUTES
                      + ", default 10)",
                  1,
                  MeshLimits.LOCK_TTL_MAX_MINUTES)));

  private final Session session;
  private final Path cwd;

  LockTool(Context c) {
    this.session = c.session();
    this.cwd = c.cwd();
  }

  @Override
  public Object run(ObjectNode args) throws InvalidArgumentsException {
    String action = args.get("action").asText();
    String raw = Args.text(args, "filePath");
    if (!action.equals(LockApi.QUERY) && Args.isBlank(raw)) {
      throw new InvalidArgumentsException("mesh_lock " + action + " needs \"filePath\"");
    }
    String filePath = Args.isBlank(raw) ? null : absolute(raw);
    String reason = Args.text(args, "reason");
    Integer ttl = Args.integer(args, "ttlMinutes");
    Double ttlMinutes = ttl == null ? null : ttl.doubleValue();
    MeshApi api = session.api();
    return session.exchange(
        id -> {
          LockApi.Request r =
              new LockApi.Request(
                  action, filePath, id.peerId(), id.credential(), reason, ttlMinutes);
          switch (action) {
            case LockApi.LOCK:
              return api.lock(r);
            case LockApi.UNLOCK:
              return api.unlock(r);
            default:
              return api.locks(r);
          }
        });
  }

  private String absolute(String filePath) throws InvalidArgumentsException {
    try {
      return cwd.resolve(filePath).toAbsolutePath().normalize().toString();
    } catch (InvalidPathException e) {
      throw new InvalidArgumentsException("\"filePath\" is not a valid path: " + e.getMessage());
    }
  }
}
