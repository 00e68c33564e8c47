package dev.slmmesh.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}) as Codex uses it: streamed as server-sent
 * events ({@code response.created}, {@code response.output_item.done}, {@code response.completed});
 * a tool call is a {@code function_call} output item, its result comes back as a {@code
 * function_call_output} input item. Tools are offered as {@code tools[].name}.
 * https://platform.openai.com/docs/api-reference/responses-streaming
 */
final class FakeOpenAi extends FakeModel {
  private final AtomicInteger ids = new AtomicInteger();

  FakeOpenAi() throws IOException {
    super();
  }

  @Override
  List<String> toolNames(JsonNode body) {
    List<String> names = new ArrayList<>();
    collect(body.path("tools"), "", names);
    return names;
  }

  /** Function tools, also inside a namespace tool ({@code {"type":"namespace","name","tools"}}). */
  private static void collect(JsonNode tools, String prefix, List<String> names) {
    for (JsonNode t : tools) {
      if (t.has("tools")) {
        collect(t.path("tools"), prefix + t.path("name").asText() + "/", names);
      } else if (t.has("name")) {
        names.add(prefix + t.path("name").asText());
      }
    }
  }

  @Override
  void answer(HttpExchange ex, JsonNode body, Turn turn, String tool) throws IOException {
    int n = ids.incrementAndGet();
    ObjectNode item = object();
    if (turn.isCall()) {
      int slash = tool.lastIndexOf('/');
      item.put("type", "function_call")
          .put("id", "fc_" + n)
          .put("call_id", "call_" + n)
          .put("name", tool.substring(slash + 1))
          .put("arguments", turn.arguments())
          .put("status", "completed");
      if (slash > 0) {
        item.put("namespace", tool.substring(0, slash));
      }
    } else {
      item.put("type", "message")
          .put("id", "msg_" + n)
          .put("role", "assistant")
          .put("status", "completed");
      item.putArray("content")
          .addObject()
          .put("type", "output_text")
          .put("text", turn.text())
          .putArray("annotations");
    }
    List<String[]> events = new ArrayList<>();
    events.add(
        event(
            object().put("type", "response.created").set("response", response(n, "in_progress"))));
    events.add(
        event(
            object()
                .put("type", "response.output_item.done")
                .put("output_index", 0)
                .set("item", item)));
    ObjectNode done = response(n, "completed");
    done.withArray("output").add(item);
    events.add(event(object().put("type", "response.completed").set("response", done)));
    sendEvents(ex, events);
  }

  @Override
  void answerText(HttpExchange ex, JsonNode body, String text) throws IOException {
    answer(ex, body, Turn.say(text), "");
  }

  private static ObjectNode response(int n, String status) {
    ObjectNode r =
        object()
            .put("id", "resp_" + n)
            .put("object", "response")
            .put("status", status)
            .put("model", "gpt-fake");
    r.putArray("output");
    r.putObject("usage").put("input_tokens", 1).put("output_tokens", 1).put("total_tokens", 2);
    return r;
  }

  private static String[] event(ObjectNode data) {
    return new String[] {data.path("type").asText(), data.toString()};
  }
}
