package dev.slmmesh.broker;

import dev.slmmesh.config.Config;
import dev.slmmesh.config.MachineIdentity;
import dev.slmmesh.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The broker's components as the HTTP layer and the daemon see them. {@link #assemble} wires them
 * in dependency order; the daemon owns their lifecycle, tests build them on an in-memory store.
 */
public record Broker(
    PeerRegistry peers,
    Mailbox mailbox,
    StateBoard state,
    LockTable locks,
    EventBus events,
    Credentials credentials,
    Deliveries deliveries,
    Janitor janitor,
    IdleMonitor idle,
    StatusReport status) {

  /**
   * Wires every component. {@code socketDirs} are the directories peers' sockets may live in;
   * {@code boundPort} reports the HTTP port for {@code /status}.
   */
  public static Broker assemble(
      Config config,
      Store store,
      PushNotifier push,
      Clock clock,
      List<Path> socketDirs,
      java.util.function.IntSupplier boundPort) {
    return assemble(
        config,
        store,
        push,
        clock,
        socketDirs,
        boundPort,
        new MachineIdentity("local", "localhost"),
        LockMirror.none(store, clock),
        MeshActivity.NONE);
  }

  /**
   * As above, for the broker of machine {@code machine} (the hub's identity in a mesh), keeping
   * {@code mirror} (the lock file of the edit hooks) up to date and telling {@code activity} what
   * happens (the daemon's memory bridge).
   */
  public static Broker assemble(
      Config config,
      Store store,
      PushNotifier push,
      Clock clock,
      List<Path> socketDirs,
      java.util.function.IntSupplier boundPort,
      MachineIdentity machine,
      LockMirror mirror,
      MeshActivity activity) {
    RateLimiter rates = new RateLimiter(clock, config.rateLimit(), config.rateWindow(), 10_000);
    Credentials credentials = new Credentials(store);
    EventBus events = new EventBus(store, push, clock, activity);
    Deliveries deliveries = new Deliveries(store, push);
    PresenceBoard presence = new PresenceBoard();
    presence.onIdle(deliveries::release);
    PeerRegistry peers =
        new PeerRegistry(
            store,
            credentials,
            new SocketPolicy(socketDirs),
            push,
            deliveries,
            events,
            rates,
            clock,
            machine,
            presence,
            mirror);
    return new Broker(
        peers,
        new Mailbox(
            store, peers, credentials, deliveries, events, rates, clock, presence, activity),
        new StateBoard(store, credentials, events, push, clock, activity),
        new LockTable(
            store, peers, credentials, events, push, clock, config.mesh().networked(), mirror),
        events,
        credentials,
        deliveries,
        new Janitor(
            store, events, push, peers, rates, clock, config.staleAfter(), config.deadAfter()),
        new IdleMonitor(
            clock, config.idleShutdown(), () -> store.stats(clock.instant()).peersActive()),
        new StatusReport(
            store, clock, config.files().database(), boundPort, machine, activity, push::counters));
  }
}
