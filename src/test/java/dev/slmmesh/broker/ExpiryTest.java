package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.store.EventQuery;
import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.Notification;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention: a message pruned after {@link Janitor#MESSAGE_TTL} without having been delivered or
 * read is never gone silently (its sender gets status {@code expired} and a {@code message_expired}
 * event); and a recipient's queue is bounded, with a named error when full.
 */
class ExpiryTest {
  private final BrokerFixture f =
      new BrokerFixture(
          dev.slmmesh.config.Config.defaults(java.nio.file.Path.of("/data"))
              .withRateLimit(1_000_000));

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aMessageNobodySawExpiresWithAReceiptAndAnEventForItsSender() {
    String[] sender = f.registerSecured("s", true);
    String[] away = f.registerSecured("away", true);
    String[] reader = f.registerSecured("reader", true);
    f.push.down.add(away[0]);
    String unseen = send(sender, away[0]);
    String seen = send(sender, reader[0]);
    f.broker.deliveries().acknowledged(reader[0], List.of(seen));

    f.clock.advance(Janitor.MESSAGE_TTL.plusMinutes(1));
    for (String[] p : List.of(sender, away, reader)) {
      f.broker.peers().heartbeat(p[0], p[1], null);
    }
    f.push.sent.clear();
    f.broker.janitor().sweep();

    List<Mailbox.Receipt> receipts =
        f.broker.mailbox().receipts(sender[0], sender[1], List.of(unseen, seen));
    assertThat(receipts)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r).isEqualTo(new Mailbox.Receipt(unseen, away[0], "expired"));
            });
    List<Event> events =
        f.store.events().read(new EventQuery(List.of(Janitor.MESSAGE_EXPIRED), null, 10));
    assertThat(events).singleElement().satisfies(e -> assertThat(e.payload()).contains(unseen));
    assertThat(f.push.to(sender[0], "event"))
        .extracting(Notification::payload)
        .singleElement()
        .satisfies(p -> assertThat(p).containsEntry("messageId", unseen));

    f.clock.advance(Janitor.EXPIRED_RECEIPT_TTL.plusMinutes(1));
    for (String[] p : List.of(sender, away, reader)) {
      f.broker.peers().heartbeat(p[0], p[1], null);
    }
    f.broker.janitor().sweep();
    assertThat(f.broker.mailbox().receipts(sender[0], sender[1], List.of(unseen))).isEmpty();
  }

  @Test
  void aFullQueueRefusesDirectSendsByNameAndLeavesTheRecipientOutOfBroadcasts() {
    String[] sender = f.registerSecured("s", true);
    String[] away = f.registerSecured("away", true);
    String[] other = f.registerSecured("other", true);
    f.push.down.add(away[0]);
    for (int i = 0; i < Limits.MAX_QUEUED_PER_PEER; i++) {
      send(sender, away[0]);
      f.clock.advance(Duration.ofMillis(1));
      if (i % 1000 == 0) {
        f.broker.peers().heartbeat(sender[0], sender[1], null);
      }
    }

    assertThatThrownBy(() -> send(sender, away[0]))
        .isInstanceOf(BrokerException.class)
        .hasMessageContaining("queue full")
        .hasMessageContaining(away[0]);
    var reply =
        (Mailbox.Broadcast) f.broker.mailbox().send(sender[0], "all", "hello", "text", sender[1]);
    assertThat(reply.queueFull()).containsExactly(away[0]);
    assertThat(reply.messageIds()).hasSize(1);
    assertThat(send(sender, other[0])).isNotBlank();
  }

  private String send(String[] from, String to) {
    return ((Mailbox.Direct) f.broker.mailbox().send(from[0], to, "hello", "text", from[1]))
        .messageId();
  }
}
