package dev.slmmesh.broker;

import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.store.Stats;
import dev.slmmesh.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What {@code /health} and {@code /status} report (the HTTP layer writes the bodies, docs/wire.md).
 */
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
  public StatusReport(
      Store store, Clock clock, Path dbFile, IntSupplier boundPort, MachineIdentity machine) {
    this(store, clock, dbFile, boundPort, machine, MeshActivity.NONE);
  }

  /**
   * As above, with the memory bridge's counters in {@code /status} ({@code memory}, ours, last).
   */
  public StatusReport(
      Store store,
      Clock clock,
      Path dbFile,
      IntSupplier boundPort,
      MachineIdentity machine,
      MeshActivity activity) {
    this(store, clock, dbFile, boundPort, machine, activity, () -> PushCounters.NONE);
  }

  /** As above, with the push delivery's counters in {@code /status} ({@code push}, additive). */
  public StatusReport(
      Store store,
      Clock clock,
      Path dbFile,
      IntSupplier boundPort,
      MachineIdentity machine,
      MeshActivity activity,
      Supplier<PushCounters> push) {
    this.activity = activity;
    this.machine = machine;
    this.push = push;
    this.store = store;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.dbFile = dbFile;
    this.boundPort = boundPort;
  }

  /** What {@code /health} and {@code /status} report: the state of this broker now. */
  public record Snapshot(
      long uptimeSeconds,
      long pid,
      int port,
      Stats stats,
      long dbBytes,
      long walBytes,
      MachineIdentity machine,
      PushCounters push,
      Optional<Map<String, Object>> memory) {}

  /** Seconds since this broker started ({@code /health}). */
  public long uptimeSeconds() {
    return uptime();
  }

  public Snapshot status() {
    return new Snapshot(
        uptime(),
        ProcessHandle.current().pid(),
        boundPort.getAsInt(),
        store.stats(clock.instant()),
        size(dbFile),
        size(Path.of(dbFile + "-wal")),
        machine,
        push.get(),
        activity.report());
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
}
