package dev.slmmesh.cli;

import dev.slmmesh.cli.args.CliException;
import dev.slmmesh.cli.args.CommandSpec;
import dev.slmmesh.cli.args.ExitCode;
import dev.slmmesh.cli.args.OptionSpec;
import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.EventApi;
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
    return new CommandSpec(
        "events",
        "show recent events, or follow them live",
        List.of("events [--type TYPE]... [--since TIME] [--limit N] [--follow [--interval MS]]"),
        "Shows the most recent events (peer_joined, peer_left, message_received, state_changed,\n"
            + "file_locked, file_unlocked and custom ones), newest first. --follow is a tail: recent\n"
            + "events oldest first, then each new one as it happens, until Ctrl-C; with --json it\n"
            + "prints one event per line.",
        List.of(
            OptionSpec.repeatable("--type", "TYPE", "only events of this type (repeatable)"),
            OptionSpec.value("--since", "TIME", "only events after this ISO time"),
            OptionSpec.value(
                "--limit", "N", "at most N events (1.." + MeshLimits.LIST_MAX + ", default 50)"),
            OptionSpec.flag("--follow", "-f", "keep printing new events until interrupted"),
            OptionSpec.value(
                "--interval", "MS", "--follow: poll period in ms (100..60000, default 500)")),
        0,
        0);
  }

  @Override
  public int run(Invocation call) {
    List<String> types = call.parsed().values("--type");
    EventApi.Request read =
        EventApi.Request.read(
            types.isEmpty() ? null : types,
            call.parsed().value("--since").orElse(null),
            call.parsed().integer("--limit", 1, MeshLimits.LIST_MAX).orElse(50));
    EventApi.Events answer = call.api().events(read);
    PeerDirectory peers = new PeerDirectory(call.api());
    List<String> unknown =
        types.stream().filter(t -> !t.equals("*") && !WireText.EVENT_TYPES.contains(t)).toList();
    if (answer.events().isEmpty() && !unknown.isEmpty()) {
      throw CliException.refused(
          "no events of type "
              + String.join(", ", unknown)
              + ": not a built-in type ("
              + String.join(", ", WireText.EVENT_TYPES)
              + "), and no custom event of it in the last 48 h");
    }
    if (!call.parsed().has("--follow")) {
      printOnce(call.out(), answer, peers);
      return ExitCode.OK;
    }
    int interval = call.parsed().integer("--interval", 100, 60_000).orElse(500);
    return follow(call, read, chronological(answer.events()), peers, Duration.ofMillis(interval));
  }

  private static void printOnce(Output out, EventApi.Events answer, PeerDirectory peers) {
    if (out.json()) {
      out.document(answer);
      return;
    }
    Table table =
        new Table(List.of("CREATED AT", "TYPE", "EMITTED BY", "ID", "PAYLOAD"), 24, 20, 24, 36, 80);
    for (Event e : answer.events()) {
      table.row(
          Timestamps.iso(e.createdAt()),
          e.type(),
          peers.nameOf(e.emittedBy()),
          e.id(),
          e.payload());
    }
    if (table.isEmpty()) {
      out.line("No events");
    } else {
      out.table(table);
    }
  }

  private int follow(
      Invocation call,
      EventApi.Request read,
      List<Event> first,
      PeerDirectory peers,
      Duration interval) {
    Output out = call.out();
    Set<String> seen = new LinkedHashSet<>();
    Instant newest = Instant.EPOCH;
    if (!out.json()) {
      out.line(
          String.format("%-24s  %-20s  %-24s  %s", "CREATED AT", "TYPE", "EMITTED BY", "PAYLOAD"));
    }
    newest = printNew(out, first, seen, newest, peers);
    EventApi.Request poll = EventApi.Request.read(read.types(), read.since(), FOLLOW_BATCH);
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (!newest.equals(Instant.EPOCH)) {
        poll =
            EventApi.Request.read(
                read.types(), Timestamps.iso(newest.minus(OVERLAP)), FOLLOW_BATCH);
      }
      List<Event> batch = chronological(call.api().events(poll).events());
      newest = printNew(out, batch, seen, newest, peers);
    }
    return ExitCode.OK;
  }

  private static Instant printNew(
      Output out, List<Event> events, Set<String> seen, Instant newest, PeerDirectory peers) {
    Instant latest = newest;
    for (Event e : events) {
      String id = e.id();
      if (!seen.add(id)) {
        continue;
      }
      if (seen.size() > SEEN_LIMIT) {
        seen.remove(seen.iterator().next());
      }
      if (out.json()) {
        out.out().println(Json.write(e));
      } else {
        out.line(
            String.format(
                "%-24s  %-20s  %-24s  %s",
                Timestamps.iso(e.createdAt()),
                Table.cut(e.type(), 20),
                Table.cut(peers.nameOf(e.emittedBy()), 24),
                Table.oneLine(e.payload())));
      }
      if (e.createdAt() != null && e.createdAt().isAfter(latest)) {
        latest = e.createdAt();
      }
    }
    out.out().flush();
    return latest;
  }

  /** The broker answers newest first; a tail reads oldest first. */
  private static List<Event> chronological(List<Event> events) {
    List<Event> list = new ArrayList<>(events);
    Collections.reverse(list);
    return list;
  }
}
