package dev.slmmesh.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slmmesh.wire.Peer;
import dev.slmmesh.wire.WireText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * The one rule by which a person (CLI) or a model ({@code mesh_send}) names a peer: {@code all},
 * {@code cli} and a full id stand for themselves; otherwise the one active peer whose name is
 * exactly the text, else whose name matches it ignoring case, else whose name or id starts with it
 * (ignoring case, at least {@value #MIN_PREFIX} characters). More than one match at the first step
 * that has any is refused with the candidates (docs/conventions.md, "Peer names").
 */
public final class PeerNames {
  public static final int MIN_PREFIX = 4;
  private static final Pattern UUID =
      Pattern.compile("(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private PeerNames() {}

  /** Whether the text is a peer id or a literal that needs no lookup. */
  public static boolean isLiteral(String typed) {
    return typed.equals(WireText.BROADCAST)
        || typed.equals(WireText.CLI_PEER)
        || UUID.matcher(typed).matches();
  }

  /** The peer id {@code typed} names among the peers of a {@code /peers} answer. */
  public static Resolution resolve(String typed, List<Peer> peers) {
    Map<String, String> names = new LinkedHashMap<>();
    peers.forEach(p -> names.put(p.id(), p.name() == null ? "" : p.name()));
    return resolve(typed, names);
  }

  /**
   * The peer id {@code typed} names among {@code peers} (objects with {@code id} and {@code name}),
   * or an error text naming the problem and, when ambiguous, the candidates.
   */
  public static Resolution resolve(String typed, Iterable<JsonNode> peers) {
    Map<String, String> names = new LinkedHashMap<>();
    peers.forEach(p -> names.put(p.path("id").asText(), p.path("name").asText("")));
    return resolve(typed, names);
  }

  /** {@code names}: name by peer id, in the broker's order. */
  private static Resolution resolve(String typed, Map<String, String> names) {
    if (isLiteral(typed)) {
      return new Resolution(Optional.of(typed), "");
    }
    String folded = typed.toLowerCase(Locale.ROOT);
    List<BiPredicate<String, String>> steps =
        List.of(
            (id, name) -> name.equals(typed),
            (id, name) -> name.toLowerCase(Locale.ROOT).equals(folded),
            (id, name) ->
                typed.length() >= MIN_PREFIX
                    && (name.toLowerCase(Locale.ROOT).startsWith(folded)
                        || id.toLowerCase(Locale.ROOT).startsWith(folded)));
    for (BiPredicate<String, String> step : steps) {
      Map<String, String> hits = new LinkedHashMap<>();
      names.forEach(
          (id, name) -> {
            if (step.test(id, name)) {
              hits.put(id, name);
            }
          });
      if (hits.size() == 1) {
        return new Resolution(Optional.of(hits.keySet().iterator().next()), "");
      }
      if (hits.size() > 1) {
        List<String> candidates = new ArrayList<>();
        hits.forEach((id, name) -> candidates.add(name + " (" + id + ")"));
        return new Resolution(
            Optional.empty(),
            "\""
                + typed
                + "\" matches "
                + hits.size()
                + " peers: "
                + String.join(", ", candidates)
                + "; use the full id");
      }
    }
    return new Resolution(
        Optional.empty(),
        "No active peer is named \"" + typed + "\" or has a name or id starting with it");
  }

  /** A peer id, or why there is none. */
  public record Resolution(Optional<String> peerId, String problem) {}
}
