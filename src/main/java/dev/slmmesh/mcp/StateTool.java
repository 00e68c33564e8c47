package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.client.MeshApi;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.StateApi;
import java.util.List;

/** {@code mesh_state}: the shared key-value state ({@code /state}). */
final class StateTool implements MeshTool {
  static final String NAME = "mesh_state";
  static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Shared State",
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

  private final Session session;

  StateTool(Context c) {
    this.session = c.session();
  }

  @Override
  public Object run(ObjectNode args) throws InvalidArgumentsException {
    String action = args.get("action").asText();
    String key = Args.text(args, "key");
    String value = Args.text(args, "value");
    if (!action.equals(StateApi.LIST) && Args.isBlank(key)) {
      throw new InvalidArgumentsException("mesh_state " + action + " needs \"key\"");
    }
    if (action.equals(StateApi.SET) && value == null) {
      throw new InvalidArgumentsException("mesh_state set needs \"value\"");
    }
    String namespace = Args.text(args, "namespace", "default");
    MeshApi api = session.api();
    return session.exchange(
        id -> {
          StateApi.Request r =
              new StateApi.Request(action, key, value, namespace, id.peerId(), id.credential());
          switch (action) {
            case StateApi.GET:
              return api.stateGet(r);
            case StateApi.SET:
              return api.stateSet(r);
            case StateApi.LIST:
              return api.stateList(r);
            default:
              return api.stateDelete(r);
          }
        });
  }
}
