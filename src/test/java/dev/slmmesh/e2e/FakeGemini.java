package dev.slmmesh.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Gemini API as Gemini CLI uses it: {@code POST /v1beta/models/<model>:streamGenerateContent
 * ?alt=sse} for the agent loop (each event a whole {@code GenerateContentResponse}) and {@code
 * :generateContent} for its side requests. A tool call is a {@code functionCall} part, its result
 * comes back as a {@code functionResponse} part. Tools are offered as {@code
 * tools[].functionDeclarations[].name}. https://ai.google.dev/api/generate-content
 */
final class FakeGemini extends FakeModel {
  FakeGemini() throws IOException {
    super();
  }

  @Override
  List<String> toolNames(JsonNode body) {
    List<String> names = new ArrayList<>();
    body.path("tools")
        .forEach(
            t -> t.path("functionDeclarations").forEach(f -> names.add(f.path("name").asText())));
    return names;
  }

  @Override
  void answer(HttpExchange ex, JsonNode body, Turn turn, String tool) throws IOException {
    ObjectNode part = object();
    if (turn.isCall()) {
      part.putObject("functionCall").put("name", tool).set("args", parse(turn.arguments()));
    } else {
      part.put("text", turn.text());
    }
    reply(ex, part);
  }

  @Override
  void answerText(HttpExchange ex, JsonNode body, String text) throws IOException {
    reply(ex, object().put("text", text));
  }

  private static void reply(HttpExchange ex, ObjectNode part) throws IOException {
    ObjectNode response = object().put("modelVersion", "gemini-fake");
    ObjectNode candidate =
        response.putArray("candidates").addObject().put("index", 0).put("finishReason", "STOP");
    ObjectNode content = candidate.putObject("content").put("role", "model");
    content.putArray("parts").add(part);
    response
        .putObject("usageMetadata")
        .put("promptTokenCount", 1)
        .put("candidatesTokenCount", 1)
        .put("totalTokenCount", 2);
    if (ex.getRequestURI().toString().toLowerCase(java.util.Locale.ROOT).contains("stream")) {
      sendEvents(ex, List.<String[]>of(new String[] {null, response.toString()}));
    } else {
      send(ex, "application/json", response.toString());
    }
  }
}
