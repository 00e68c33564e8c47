package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.WireText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The active peers as listed once by {@code POST /peers}: turns a name or an id prefix typed by a
 * user into a peer id, and an id into a readable name for tables. Fetched lazily, at most once.
 */
final class PeerDirectory {
  private static final Pattern UUID =
      Pattern.compile("(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  private static final int MIN_PREFIX = 4;

  private final Mesh mesh;
  private @Nullable Map<String, JsonNode> byId;

  PeerDirectory(Mesh mesh) {
    this.mesh = mesh;
  }

  static boolean isPeerId(String text) {
    return UUID.matcher(text).matches();
  }

  /** All active peers, in the broker's order. */
  List<JsonNode> peers() {
    return new ArrayList<>(load().values());
  }

  /**
   * A full peer id for what the user typed: an id as is, else the one peer with that name, else
   * the one peer whose id starts with it (at least four characters).
   */
  String resolve(String typed) {
    if (isPeerId(typed) || WireText.BROADCAST.equals(typed) || WireText.CLI_PEER.equals(typed)) {
      return typed;
    }
    List<String> named = new ArrayList<>();
    List<String> prefixed = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : load().entrySet()) {
      if (typed.equals(e.getValue().path("name").asText())) {
        named.add(e.getKey());
      }
      if (typed.length() >= MIN_PREFIX && e.getKey().startsWith(typed.toLowerCase(java.util.Locale.ROOT))) {
        prefixed.add(e.getKey());
      }
    }
    List<String> hits = named.isEmpty() ? prefixed : named;
    if (hits.size() == 1) {
      return hits.get(0);
    }
    if (hits.isEmpty()) {
      throw CliException.refused("no active peer is named \"" + typed
          + "\" or has an id starting with it; see: slm-mesh peers");
    }
    throw CliException.refused("\"" + typed + "\" matches " + hits.size() + " peers ("
        + String.join(", ", hits) + "); use the full id");
  }

  /** The peer's name, or the id itself for senders that are not active peers ("cli", gone peers). */
  String nameOf(String id) {
    JsonNode peer = load().get(id);
    return peer == null ? id : peer.path("name").asText(id);
  }

  private Map<String, JsonNode> load() {
    Map<String, JsonNode> map = byId;
    if (map == null) {
      map = new LinkedHashMap<>();
      for (JsonNode p : mesh.require("/peers", Mesh.body().put("scope", "machine")).path("peers")) {
        map.put(p.path("id").asText(), p);
      }
      byId = map;
    }
    return map;
  }
}
