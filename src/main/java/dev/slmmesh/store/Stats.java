package dev.slmmesh.store;

/**
 * Counters for {@code /status}, read in one transaction. {@code locksActive} excludes expired
 * locks.
 */
public record Stats(
    long peersActive,
    long peersStale,
    long peersTotal,
    long messagesTotal,
    long messagesUndelivered,
    long locksActive,
    long eventsTotal) {}
