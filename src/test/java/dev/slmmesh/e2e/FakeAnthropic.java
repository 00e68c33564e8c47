package dev.slmmesh.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Anthropic Messages API ({@code POST /v1/messages}) as Claude Code uses it: streamed as
 * server-sent events, a tool call as a {@code tool_use} block whose input arrives as {@code
 * input_json_delta}. Tools are offered as {@code tools[].name}.
 * https://docs.anthropic.com/en/api/messages-streaming
 */
final class FakeAnthropic extends FakeModel {
  private final AtomicInteger ids = new AtomicInteger();

  FakeAnthropic() throws IOException {
    super();
  }

  @Override
  List<String> toolNames(JsonNode body) {
    List<String> names = new ArrayList<>();
    body.path("tools").forEach(t -> names.add(t.path("name").asText()));
    return names;
  }

  @Override
  void answer(HttpExchange ex, JsonNode body, Turn turn, String tool) throws IOException {
    List<String[]> events = new ArrayList<>();
    events.add(start());
    ObjectNode block = object();
    if (turn.isCall()) {
      block
          .put("type", "tool_use")
          .put("id", "toolu_" + ids.incrementAndGet())
          .put("name", tool)
          .putObject("input");
      events.add(
          event(
              "content_block_start",
              object()
                  .put("type", "content_block_start")
                  .put("index", 0)
                  .set("content_block", block)));
      ObjectNode delta =
          object().put("type", "input_json_delta").put("partial_json", turn.arguments());
      events.add(
          event(
              "content_block_delta",
              object().put("type", "content_block_delta").put("index", 0).set("delta", delta)));
    } else {
      block.put("type", "text").put("text", "");
      events.add(
          event(
              "content_block_start",
              object()
                  .put("type", "content_block_start")
                  .put("index", 0)
                  .set("content_block", block)));
      ObjectNode delta = object().put("type", "text_delta").put("text", turn.text());
      events.add(
          event(
              "content_block_delta",
              object().put("type", "content_block_delta").put("index", 0).set("delta", delta)));
    }
    events.add(
        event("content_block_stop", object().put("type", "content_block_stop").put("index", 0)));
    events.addAll(end(turn.isCall() ? "tool_use" : "end_turn"));
    sendEvents(ex, events);
  }

  @Override
  void answerText(HttpExchange ex, JsonNode body, String text) throws IOException {
    if (!body.path("stream").asBoolean(false)) {
      ObjectNode msg = message();
      msg.putArray("content").addObject().put("type", "text").put("text", text);
      msg.put("stop_reason", "end_turn");
      send(ex, "application/json", msg.toString());
      return;
    }
    answer(ex, body, Turn.say(text), "");
  }

  private String[] start() {
    return event("message_start", object().put("type", "message_start").set("message", message()));
  }

  private ObjectNode message() {
    ObjectNode msg =
        object()
            .put("id", "msg_" + ids.incrementAndGet())
            .put("type", "message")
            .put("role", "assistant")
            .put("model", "claude-fake");
    msg.putArray("content");
    msg.putNull("stop_reason");
    msg.putObject("usage").put("input_tokens", 1).put("output_tokens", 1);
    return msg;
  }

  private static List<String[]> end(String stopReason) {
    ObjectNode delta = object().put("type", "message_delta");
    delta.putObject("delta").put("stop_reason", stopReason);
    delta.putObject("usage").put("output_tokens", 1);
    return List.of(
        event("message_delta", delta), event("message_stop", object().put("type", "message_stop")));
  }

  private static String[] event(String name, JsonNode data) {
    return new String[] {name, data.toString()};
  }
}
