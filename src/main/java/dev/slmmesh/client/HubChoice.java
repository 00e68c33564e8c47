package dev.slmmesh.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which of the listed hubs a client uses (docs/team.md, "Failover"): the first, until it stops
 * answering; then the next in the list, wrapping around. After a whole round of hubs has failed one
 * after the other, no hub is tried again before a pause (1 s doubling to 30 s), so a client whose
 * hubs are all down never spins; an answer from a hub resets the pause. With one hub nothing
 * changes: it stays, and callers keep their own backoff. Thread-safe.
 */
final class HubChoice {
  static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  private final List<HubAddress> hubs;
  private final Clock clock;
  private int index;
  private int failuresInRow;
  private Duration pause = FIRST_PAUSE;
  private Instant notBefore = Instant.MIN;

  HubChoice(List<HubAddress> hubs, Clock clock) {
    if (hubs.isEmpty()) {
      throw new IllegalArgumentException("at least one hub is needed");
    }
    this.hubs = List.copyOf(hubs);
    this.clock = clock;
  }

  synchronized HubAddress current() {
    return hubs.get(index);
  }

  List<HubAddress> all() {
    return hubs;
  }

  /**
   * {@code failed} stopped answering: moves to the next hub and returns it, or empty when there is
   * no other hub or another caller already moved away from {@code failed}.
   */
  synchronized Optional<HubAddress> failed(HubAddress failed) {
    if (hubs.size() == 1 || !hubs.get(index).equals(failed)) {
      return Optional.empty();
    }
    index = (index + 1) % hubs.size();
    failuresInRow++;
    if (failuresInRow >= hubs.size()) {
      failuresInRow = 0;
      notBefore = clock.instant().plus(pause);
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
    return Optional.of(hubs.get(index));
  }

  /** {@code hub} answered: the failures so far are forgotten. */
  synchronized void answered(HubAddress hub) {
    if (hubs.get(index).equals(hub)) {
      failuresInRow = 0;
      pause = FIRST_PAUSE;
      notBefore = Instant.MIN;
    }
  }

  /** How long to wait before trying the current hub: zero unless a whole round just failed. */
  synchronized Duration waitBeforeTrying() {
    Instant now = clock.instant();
    return now.isBefore(notBefore) ? Duration.between(now, notBefore) : Duration.ZERO;
  }
}
