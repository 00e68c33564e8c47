package dev.slmmesh.broker;

import dev.slmmesh.config.Config;
import dev.slmmesh.store.SqliteStore;
import dev.slmmesh.store.Store;
import dev.slmmesh.testkit.MutableClock;
import dev.slmmesh.testkit.RecordingPush;
import java.nio.file.Path;
import java.util.List;

/** The broker's components on an in-memory store, a recording push and a hand-moved clock. */
final class BrokerFixture implements AutoCloseable {
  static final Path PEERS = Path.of("/data/peers");
  final MutableClock clock = MutableClock.at("2026-04-08T10:00:00Z");
  final RecordingPush push = new RecordingPush();
  final Store store = SqliteStore.inMemory();
  final Broker broker;

  BrokerFixture() {
    this(Config.defaults(Path.of("/data")));
  }

  BrokerFixture(Config config) {
    broker = Broker.assemble(config, store, push, clock, List.of(PEERS), () -> 7899);
  }

  Registration registration(String name) {
    return new Registration(
        "/repo", 100, name, "/repo", "main", "claude-code", null, false, false, null, null, null);
  }

  String register(String name) {
    return broker.peers().register(registration(name)).peerId();
  }

  /** Registers with a credential and a push socket; returns {peerId, credential}. */
  String[] registerSecured(String name, boolean acknowledges) {
    Registration r =
        new Registration(
            "/repo",
            100,
            name,
            "/repo",
            "main",
            "claude-code",
            PEERS + "/" + name + ".sock",
            true,
            acknowledges,
            null,
            null,
            null);
    PeerRegistry.Enrolled e = broker.peers().register(r);
    return new String[] {e.peerId(), e.credential()};
  }

  @Override
  public void close() {
    store.close();
  }
}
