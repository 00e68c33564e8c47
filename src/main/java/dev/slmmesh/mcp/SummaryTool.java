package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.PeerApi;
import java.util.List;

/**
 * {@code mesh_summary}: what this session works on ({@code /summary}), set again after a
 * re-registration.
 */
final class SummaryTool implements MeshTool {
  static final String NAME = "mesh_summary";
  static final ToolSpec SPEC =
      new ToolSpec(
          NAME,
          "Set Work Summary",
          "Tell the other agents what you are working on; they see it in mesh_peers. Call it when "
              + "you start a task and whenever your focus changes. Returns {\"ok\":true}.",
          false,
          List.of(
              Param.string("summary", "What you are working on (1-2500 characters)")
                  .mandatory()
                  .length(1, MeshLimits.SUMMARY_MAX)));

  private final Session session;

  SummaryTool(Context c) {
    this.session = c.session();
  }

  @Override
  public Object run(ObjectNode args) {
    String text = args.get("summary").asText();
    Answer.Ok answer =
        session.exchange(
            id -> session.api().summary(new PeerApi.Summary(id.peerId(), text, id.credential())));
    session.rememberSummary(text);
    return answer;
  }
}
