package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.Timestamps;
import dev.slmmesh.wire.WireText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code slm-mesh events [--follow]}: the event bus ({@code POST /events}, action {@code read}).
 * Events print newest first, as every list of events does. {@code --follow} is a tail: it prints
 * the recent events oldest first, then new events as they come (one JSON object per line with
 * {@code --json}) until interrupted: event times may tie and a commit may land behind a read, so
 * each poll re-reads a small overlap and skips the ids it has printed.
 */
final class EventsCommand implements Command {
  private static final Duration OVERLAP = Duration.ofSeconds(2);
  private static final int SEEN_LIMIT = 10_000;
  private static final int FOLLOW_BATCH = 1000;

  @Override
  public CommandSpec spec() {
    return new CommandSpec("events", "show recent events, or follow them live",
        List.of("events [--type TYPE]... [--since TIME] [--limit N] [--follow [--interval MS]]"),
        "Shows the most recent events (peer_joined, peer_left, message_received, state_changed,\n"
            + "file_locked, file_unlocked and custom ones), newest first. --follow is a tail: recent\n"
            + "events oldest first, then each new one as it happens, until Ctrl-C; with --json it\n"
            + "prints one event per line.",
        List.of(
            OptionSpec.repeatable("--type", "TYPE", "only events of this type (repeatable)"),
            OptionSpec.value("--since", "TIME", "only events after this ISO time"),
            OptionSpec.value("--limit", "N", "at most N events (1.." + MeshLimits.LIST_MAX + ", default 50)"),
            OptionSpec.flag("--follow", "-f", "keep printing new events until interrupted"),
            OptionSpec.value("--interval", "MS", "--follow: poll period in ms (100..60000, default 500)")),
        0, 0);
  }

  @Override
  public int run(Invocation call) {
    ObjectNode body = Mesh.body().put("action", "read");
    List<String> types = call.parsed().values("--type");
    if (!types.isEmpty()) {
      ArrayNode array = body.putArray("types");
      types.forEach(array::add);
    }
    call.parsed().value("--since").ifPresent(s -> body.put("since", s));
    body.put("limit", call.parsed().integer("--limit", 1, MeshLimits.LIST_MAX).orElse(50));
    ObjectNode answer = call.mesh().require("/events", body);
    PeerDirectory peers = new PeerDirectory(call.mesh());
    List<String> unknown = types.stream().filter(t -> !t.equals("*") && !WireText.EVENT_TYPES.contains(t)).toList();
    if (answer.path("events").isEmpty() && !unknown.isEmpty()) {
      throw CliException.refused("no events of type " + String.join(", ", unknown) + ": not a built-in type ("
          + String.join(", ", WireText.EVENT_TYPES) + "), and no custom event of it in the last 48 h");
    }
    if (!call.parsed().has("--follow")) {
      printOnce(call.out(), answer, peers);
      return ExitCode.OK;
    }
    int interval = call.parsed().integer("--interval", 100, 60_000).orElse(500);
    return follow(call, body, chronological(answer.path("events")), peers, Duration.ofMillis(interval));
  }

  private static void printOnce(Output out, ObjectNode answer, PeerDirectory peers) {
    if (out.json()) {
      out.document(answer);
      return;
    }
    Table table = new Table(List.of("CREATED AT", "TYPE", "EMITTED BY", "ID", "PAYLOAD"), 24, 20, 24, 36, 80);
    for (JsonNode e : answer.path("events")) {
      table.row(e.path("createdAt").asText(), e.path("type").asText(),
          peers.nameOf(e.path("emittedBy").asText()), e.path("id").asText(),
          e.path("payload").asText());
    }
    if (table.isEmpty()) {
      out.line("No events");
    } else {
      out.table(table);
    }
  }

  private int follow(Invocation call, ObjectNode body, List<JsonNode> first, PeerDirectory peers, Duration interval) {
    Output out = call.out();
    Set<String> seen = new LinkedHashSet<>();
    Instant newest = Instant.EPOCH;
    if (!out.json()) {
      out.line(String.format("%-24s  %-20s  %-24s  %s", "CREATED AT", "TYPE", "EMITTED BY", "PAYLOAD"));
    }
    newest = printNew(out, first, seen, newest, peers);
    body.put("limit", FOLLOW_BATCH);
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (!newest.equals(Instant.EPOCH)) {
        body.put("since", Timestamps.iso(newest.minus(OVERLAP)));
      }
      List<JsonNode> batch = chronological(call.mesh().require("/events", body).path("events"));
      newest = printNew(out, batch, seen, newest, peers);
    }
    return ExitCode.OK;
  }

  private static Instant printNew(Output out, List<JsonNode> events, Set<String> seen, Instant newest, PeerDirectory peers) {
    Instant latest = newest;
    for (JsonNode e : events) {
      String id = e.path("id").asText();
      if (!seen.add(id)) {
        continue;
      }
      if (seen.size() > SEEN_LIMIT) {
        seen.remove(seen.iterator().next());
      }
      if (out.json()) {
        out.out().println(Json.write(e));
      } else {
        out.line(String.format("%-24s  %-20s  %-24s  %s", e.path("createdAt").asText(),
            Table.cut(e.path("type").asText(), 20),
            Table.cut(peers.nameOf(e.path("emittedBy").asText()), 24),
            Table.oneLine(e.path("payload").asText())));
      }
      Optional<Instant> at = Timestamps.parse(e.path("createdAt").asText());
      if (at.isPresent() && at.get().isAfter(latest)) {
        latest = at.get();
      }
    }
    out.out().flush();
    return latest;
  }

  /** The broker answers newest first; a tail reads oldest first. */
  private static List<JsonNode> chronological(JsonNode events) {
    List<JsonNode> list = new ArrayList<>();
    events.forEach(list::add);
    Collections.reverse(list);
    return list;
  }
}
