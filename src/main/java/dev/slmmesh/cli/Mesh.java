package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.client.BrokerClient;
import dev.slmmesh.wire.Json;

/**
 * The broker calls of the CLI: one request, and the {@code ok:false} convention turned into a
 * refusal (exit 1) carrying the broker's own error text. Transport failures pass through as
 * {@code BrokerUnavailableException}, which {@link Cli} maps to exit 3 (or 1 for an HTTP error).
 */
final class Mesh {
  private final BrokerClient client;

  Mesh(BrokerClient client) {
    this.client = client;
  }

  static ObjectNode body() {
    return Json.MAPPER.createObjectNode();
  }

  /** POSTs and returns the answer whatever its {@code ok}. */
  ObjectNode post(String path, ObjectNode body) {
    return client.post(path, body);
  }

  /** POSTs and returns the answer; {@code ok:false} becomes a refusal with the broker's error. */
  ObjectNode require(String path, ObjectNode body) {
    ObjectNode answer = client.post(path, body);
    if (!answer.path("ok").asBoolean(false)) {
      throw CliException.refused(answer.path("error").asText("the broker refused " + path + " without a reason"));
    }
    return answer;
  }

  ObjectNode get(String path) {
    return client.get(path);
  }
}
