package dev.slmmesh.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * This session's presence (docs/hooks.md, "Presence"): {@code working}, {@code idle} or {@code
 * waiting}, with the time it entered that state, and whether a wake waiter runs. The hooks write
 * the state to the session directory ({@link #poll}); a mesh tool call means working ({@link
 * #toolCalled}). The newest event wins. Thread-safe.
 */
final class PresenceTracker {
  static final String WORKING = "working";
  static final Set<String> STATES = Set.of(WORKING, "idle", "waiting");

  /** Without hooks, a session whose last mesh tool call is this old counts as idle again. */
  static final Duration TOOL_WORK = Duration.ofMinutes(2);

  /** A state, the time it began, and whether the session can be woken. */
  record State(String state, Instant since, boolean wakeable) {}

  private final @Nullable SessionDir dir;
  private final Clock clock;
  private final BooleanSupplier channelWakes;
  private @Nullable State current;
  private @Nullable FileTime fileSeen;
  private @Nullable Instant lastToolCall;

  /**
   * @param dir the session directory, or null (then only tool calls count)
   * @param channelWakes true when messages reach this session on a channel shown to the model,
   *     which wakes it without a waiter
   */
  PresenceTracker(@Nullable SessionDir dir, Clock clock, BooleanSupplier channelWakes) {
    this.dir = dir;
    this.clock = clock;
    this.channelWakes = channelWakes;
  }

  synchronized @Nullable State current() {
    return current;
  }

  /** A mesh tool was called: working from now, unless already. True when that changed it. */
  synchronized boolean toolCalled() {
    lastToolCall = clock.instant();
    if (current != null && current.state().equals(WORKING)) {
      return false;
    }
    current =
        new State(
            WORKING,
            clock.instant(),
            current != null ? current.wakeable() : channelWakes.getAsBoolean());
    return true;
  }

  /**
   * Reads what the hooks wrote and whether a waiter runs; true when anything changed. A session
   * whose hooks never wrote a state is idle again {@link #TOOL_WORK} after its last tool call.
   */
  synchronized boolean poll() {
    State start = current;
    Instant now = clock.instant();
    if (fileSeen == null
        && current != null
        && current.state().equals(WORKING)
        && lastToolCall != null
        && lastToolCall.plus(TOOL_WORK).isBefore(now)) {
      current = new State("idle", now, current.wakeable());
    }
    if (dir != null) {
      readHooks(dir, now);
    }
    return current != null && !current.equals(start);
  }

  private void readHooks(SessionDir dir, Instant now) {
    boolean wakeable =
        channelWakes.getAsBoolean() || waiterRuns(dir.resolve(SessionDir.WAITER).resolve("pid"));
    String state = current == null ? null : current.state();
    Instant since = current == null ? now : current.since();
    Path file = dir.resolve(SessionDir.PRESENCE);
    try {
      FileTime time = Files.getLastModifiedTime(file);
      if (!time.equals(fileSeen)) {
        String written = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (STATES.contains(written)) {
          fileSeen = time;
          if (!written.equals(state)) {
            state = written;
            since = time.toInstant();
          }
        }
      }
    } catch (IOException e) {
      // no hook has written a state yet
    }
    if (state != null || wakeable) {
      current = new State(state == null ? "idle" : state, since, wakeable);
    }
  }

  private static boolean waiterRuns(Path pidFile) {
    return SessionDir.alive(SessionDir.pidIn(pidFile));
  }
}
