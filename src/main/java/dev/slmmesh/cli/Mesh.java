package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.client.BrokerClient;
import dev.slmmesh.wire.Json;

/**
 * The CLI's calls outside the mesh API ({@link Invocation#api()} has those): the dashboard's login
 * code, with the {@code ok:false} convention turned into a refusal (exit 1) carrying the broker's
 * own error text; and {@link #body()}, the start of a command's {@code --json} document. Transport
 * failures pass through as {@code BrokerUnavailableException}, which {@link Cli} maps to exit 3 (or
 * 1 for an HTTP error).
 */
final class Mesh {
  private final BrokerClient client;

  Mesh(BrokerClient client) {
    this.client = client;
  }

  /** An empty JSON object: a {@code --json} document or a body of a route outside the mesh API. */
  static ObjectNode body() {
    return Json.MAPPER.createObjectNode();
  }

  /** POSTs and returns the answer; {@code ok:false} becomes a refusal with the broker's error. */
  ObjectNode require(String path, ObjectNode body) {
    ObjectNode answer = client.post(path, body);
    if (!answer.path("ok").asBoolean(false)) {
      throw CliException.refused(
          answer.path("error").asText("the broker refused " + path + " without a reason"));
    }
    return answer;
  }
}
