package dev.slmmesh.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The figures every fault-injection test reports: messages whose {@code /send} answered ok,
 * messages pushed to the recipient (distinct ids), pushes of an id seen before (raw duplicates,
 * which the MCP server drops by message id), duplicates left after that dedupe (always 0 by
 * construction of the dedupe, reported to show it), and accepted messages never pushed (lost).
 */
public final class FaultTally {
  private final String fault;
  private final List<String> acceptedIds = new CopyOnWriteArrayList<>();

  public FaultTally(String fault) {
    this.fault = fault;
  }

  public void accepted(String messageId) {
    acceptedIds.add(messageId);
  }

  public List<String> accepted() {
    return List.copyOf(acceptedIds);
  }

  /** The message ids of the {@code message} pushes among {@code lines}, in arrival order. */
  public static List<String> pushedIds(List<JsonNode> lines) {
    List<String> ids = new ArrayList<>();
    for (JsonNode line : lines) {
      if ("message".equals(line.path("type").asText())) {
        ids.add(line.at("/payload/messageId").asText());
      }
    }
    return ids;
  }

  /** The figures of this run against what the recipient received ({@link #pushedIds}). */
  public Figures figures(List<String> pushed) {
    Map<String, Integer> seen = new HashMap<>();
    pushed.forEach(id -> seen.merge(id, 1, Integer::sum));
    int rawDuplicates = seen.values().stream().mapToInt(n -> n - 1).sum();
    Set<String> shown = new LinkedHashSet<>(pushed); // what the model sees after dedupe by id
    int lost = (int) acceptedIds.stream().filter(id -> !seen.containsKey(id)).count();
    return new Figures(
        fault,
        acceptedIds.size(),
        shown.size(),
        rawDuplicates,
        pushed.size() - shown.size() - rawDuplicates,
        lost);
  }

  /** One line per fault; {@code duplicatesShown} and {@code lost} must be 0. */
  public record Figures(
      String fault, int sentOk, int pushed, int rawDuplicates, int duplicatesShown, int lost) {
    public Figures print() {
      System.out.printf(
          "fault-figures: %s sent-ok=%d pushed=%d raw-duplicates=%d duplicates-shown=%d lost=%d%n",
          fault, sentOk, pushed, rawDuplicates, duplicatesShown, lost);
      return this;
    }
  }
}
