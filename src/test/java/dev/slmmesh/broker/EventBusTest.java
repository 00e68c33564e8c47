package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.store.EventQuery;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusTest {
  private final BrokerFixture f = new BrokerFixture();
  private final EventBus events = f.broker.events();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aSubscriberHearsOfAnEventEmittedInATransactionOnlyOnceItCommits() {
    events.subscribe("watcher", List.of("*"));

    f.store.atomically(
        tx -> {
          events.emit("demo.one", Map.of("n", 1), "someone");
          assertThat(f.push.to("watcher", "event")).isEmpty(); // not yet stored
          return null;
        });

    assertThat(f.push.to("watcher", "event")).hasSize(1);
  }

  @Test
  void anEventWhoseTransactionRollsBackIsNeverPushedNorStored() {
    events.subscribe("watcher", List.of("*"));

    assertThatThrownBy(
            () ->
                f.store.atomically(
                    tx -> {
                      events.emit("demo.two", Map.of("n", 2), "someone");
                      throw new IllegalStateException("write failed");
                    }))
        .hasMessage("write failed");

    assertThat(f.push.to("watcher", "event")).isEmpty();
    assertThat(events.read(new EventQuery(List.of("demo.two"), null, 10))).isEmpty();
  }

  @Test
  void outsideATransactionTheEventIsPushedAtOnceToMatchingSubscribersOnly() {
    events.subscribe("all", List.of("*"));
    events.subscribe("locks", List.of("file_locked"));

    events.emit("demo.three", Map.of("n", 3), "someone");

    assertThat(f.push.to("all", "event")).hasSize(1);
    assertThat(f.push.to("locks", "event")).isEmpty();
  }
}
