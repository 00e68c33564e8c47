package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.store.EventQuery;
import dev.slmmesh.testkit.RecordingPush;
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

  @Test
  void anEventReachesAllItsSubscribersInOnePushBatch() {
    events.subscribe("a", List.of("*"));
    events.subscribe("b", List.of("demo.four"));
    events.subscribe("c", List.of("other"));
    events.subscribe("d", List.of("demo.four", "other"));

    events.emit("demo.four", Map.of("n", 4), "someone");

    assertThat(f.push.batches).hasSize(1);
    assertThat(f.push.batches.get(0))
        .extracting(RecordingPush.Sent::peerId)
        .containsExactlyInAnyOrder("a", "b", "d");
    assertThat(f.push.batches.get(0))
        .extracting(RecordingPush.Sent::notification)
        .allSatisfy(n -> assertThat(n.payload()).containsEntry("eventType", "demo.four"));
  }
}
