package dev.slmmesh.broker;

/**
 * The broker's components as the HTTP layer sees them. Built by the daemon's composition root.
 */
public record Broker(
    PeerRegistry peers,
    Mailbox mailbox,
    StateBoard state,
    LockTable locks,
    EventBus events,
    Credentials credentials,
    IdleMonitor idle,
    StatusReport status) {}
