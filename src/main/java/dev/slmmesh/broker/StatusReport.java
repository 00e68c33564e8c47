package dev.slmmesh.broker;

import dev.slmmesh.config.Config;
import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.store.Stats;
import dev.slmmesh.store.Store;
import dev.slmmesh.wire.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** {@code /health} and {@code /status} bodies (docs/wire.md), keys in the original's order. */
public final class StatusReport {
  private final Store store;
  private final Clock clock;
  private final Instant startedAt;
  private final Path dbFile;
  private final IntSupplier boundPort;
  private final MachineIdentity machine;
  private final Supplier<PushCounters> push;
  private final MeshActivity activity;

  public StatusReport(Store store, Clock clock, Path dbFile, IntSupplier boundPort) {
    this(store, clock, dbFile, boundPort, new MachineIdentity("local", "localhost"));
  }

  /** As above for the broker of {@code machine}, which {@code /status} reports last (ours). */
  public StatusReport(Store store, Clock clock, Path dbFile, IntSupplier boundPort, MachineIdentity machine) {
    this(store, clock, dbFile, boundPort, machine, MeshActivity.NONE);
  }

  /** As above, with the memory bridge's counters in {@code /status} ({@code memory}, ours, last). */
  public StatusReport(Store store, Clock clock, Path dbFile, IntSupplier boundPort, MachineIdentity machine,
      MeshActivity activity) {
    this(store, clock, dbFile, boundPort, machine, activity, () -> PushCounters.NONE);
  }

  /** As above, with the push delivery's counters in {@code /status} ({@code push}, additive). */
  public StatusReport(Store store, Clock clock, Path dbFile, IntSupplier boundPort, MachineIdentity machine,
      MeshActivity activity, Supplier<PushCounters> push) {
    this.activity = activity;
    this.machine = machine;
    this.push = push;
    this.store = store;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.dbFile = dbFile;
    this.boundPort = boundPort;
  }

  public Reply health() {
    return Reply.bare().with("status", "ok").with("version", Config.VERSION).with("uptime", uptime());
  }

  public Reply status() {
    Stats s = store.stats(clock.instant());
    PushCounters counters = push.get();
    Reply reply = Reply.bare()
        .with("status", "ok")
        .with("version", Config.VERSION)
        .with("uptime", uptime())
        .with("pid", ProcessHandle.current().pid())
        .with("port", boundPort.getAsInt())
        .with("peers", map("active", s.peersActive(), "stale", s.peersStale(), "total", s.peersTotal()))
        .with("messages", map("total", s.messagesTotal(), "undelivered", s.messagesUndelivered()))
        .with("locks", map("active", s.locksActive()))
        .with("events", map("total", s.eventsTotal()))
        .with("db", map("sizeBytes", size(dbFile), "walSizeBytes", size(Path.of(dbFile + "-wal"))))
        .with("machine", map("id", machine.id(), "name", machine.name()))
        .with("push", map("dropped", counters.dropped(), "resyncs", counters.resyncs()));
    return activity.report().map(r -> reply.with("memory", r)).orElse(reply);
  }

  private long uptime() {
    return Duration.between(startedAt, clock.instant()).toSeconds();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // absent (in-memory store, or no WAL yet), as the original reports
    }
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
