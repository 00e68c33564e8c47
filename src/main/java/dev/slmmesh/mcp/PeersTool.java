package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.PeerApi;
import java.util.List;

/** {@code mesh_peers}: the other sessions on the mesh ({@code /peers}). */
final class PeersTool implements MeshTool {
  static final String NAME = "mesh_peers";
  static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "List Mesh Peers",
          "List the other AI agent sessions on the mesh (you are not included): each peer's id, "
              + "name, agent type, project path, git branch, work summary and how messages reach "
              + "it (deliveryPath, pushConnected). Use it to see who works on what, and to find "
              + "the id or name to give mesh_send. Returns {\"ok\":true,\"peers\":[...]}.",
          true,
          List.of(
              Param.choice(
                  "scope",
                  "machine (default: peers on this machine), mesh (every machine of a multi-machine "
                      + "mesh), directory (same project directory), repo (same git repository)",
                  "machine",
                  "mesh",
                  "directory",
                  "repo")));

  private final Session session;

  PeersTool(Context c) {
    this.session = c.session();
  }

  @Override
  public Object run(ObjectNode args) {
    return list(session, Args.text(args, "scope", "machine"));
  }

  /** The peers of {@code scope} other than this session. */
  static PeerApi.PeerList list(Session session, String scope) {
    Profile p = session.profile();
    return session.exchange(
        id ->
            session
                .api()
                .peers(
                    new PeerApi.PeersQuery(
                        scope, p.projectPath(), p.gitRoot(), id.peerId(), id.credential())));
  }
}
