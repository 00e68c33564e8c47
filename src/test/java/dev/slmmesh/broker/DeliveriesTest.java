package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.store.InboxQuery;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Notification;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveriesTest {
  private final BrokerFixture f = new BrokerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private List<Object> pushedIds(String peer) {
    return f.push.to(peer, "message").stream().map(n -> n.payload().get("messageId")).toList();
  }

  @Test
  void messagesSentWhileTheLinkIsDownAreReplayedInOrderWhenItComesUp() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.push.down.add(b[0]);
    for (int i = 0; i < 5; i++) {
      f.broker.mailbox().send(a, b[0], "m" + i, "text", null);
    }
    assertThat(f.push.to(b[0], "message")).isEmpty();
    f.push.down.remove(b[0]);
    f.broker.deliveries().linkUp(b[0]);
    assertThat(f.push.to(b[0], "message"))
        .extracting(n -> n.payload().get("text"))
        .containsExactly("m0", "m1", "m2", "m3", "m4");
  }

  @Test
  void afterTheLinkDroppedMessagesNoNewerOneOvertakesThemAndDrainedReQueuesThemInOrder() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.broker.mailbox().send(a, b[0], "m0", "text", null);
    f.push.dropping.add(b[0]); // the peer stopped reading: its queue is full
    f.broker.mailbox().send(a, b[0], "m1", "text", null);
    f.broker.mailbox().send(a, b[0], "m2", "text", null);
    f.push.dropping.remove(b[0]); // the queue has room again, but has not reported drained yet
    int before = f.push.to(b[0], "message").size();

    f.broker.mailbox().send(a, b[0], "m3", "text", null);
    assertThat(f.push.to(b[0], "message")).as("m3 must not overtake m1 and m2").hasSize(before);

    f.broker.deliveries().drained(b[0]);
    assertThat(f.push.to(b[0], "message").subList(before, f.push.to(b[0], "message").size()))
        .extracting(n -> n.payload().get("text"))
        .containsExactly("m0", "m1", "m2", "m3");
    f.broker.mailbox().send(a, b[0], "m4", "text", null);
    assertThat(f.push.to(b[0], "message"))
        .last()
        .extracting(n -> n.payload().get("text"))
        .isEqualTo("m4");
  }

  @Test
  void acknowledgingPeersStayQueuedUntilTheyAck() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.broker.mailbox().send(a, b[0], "x", "text", null);
    String id = (String) pushedIds(b[0]).get(0);
    f.broker.deliveries().written(b[0], List.of(id));
    assertThat(f.store.messages().pendingFor(b[0], 10)).extracting(Message::id).containsExactly(id);
    f.broker.deliveries().acknowledged(b[0], List.of(id));
    assertThat(f.store.messages().pendingFor(b[0], 10)).isEmpty();
  }

  @Test
  void receiptsConfirmedTogetherMarkAcknowledgedAndWrittenToNonAcknowledgingPeersOnly() {
    String a = f.register("a");
    String[] acking = f.registerSecured("acking", true);
    String plain = f.registerSecured("plain", false)[0];
    f.broker.mailbox().send(a, acking[0], "one", "text", null);
    f.broker.mailbox().send(a, acking[0], "two", "text", null);
    f.broker.mailbox().send(a, plain, "three", "text", null);
    List<Object> ackingIds = pushedIds(acking[0]);
    String plainId = (String) pushedIds(plain).get(0);

    f.broker
        .deliveries()
        .confirmed(
            List.of(
                new DeliveryListener.Receipt(
                    acking[0],
                    List.of((String) ackingIds.get(0), (String) ackingIds.get(1)),
                    false),
                new DeliveryListener.Receipt(plain, List.of(plainId), false),
                new DeliveryListener.Receipt(acking[0], List.of((String) ackingIds.get(0)), true)));

    // written is not delivery for a peer that acknowledges; its ack is
    assertThat(f.store.messages().pendingFor(acking[0], 10))
        .extracting(Message::id)
        .containsExactly((String) ackingIds.get(1));
    assertThat(f.store.messages().pendingFor(plain, 10)).isEmpty();
  }

  @Test
  void aReceiptIsConfirmedAtOnceUnlessItsPeerIsBackloggedAndNeedsARefill() {
    String a = f.register("a");
    String[] acking = f.registerSecured("acking", true);
    f.broker.mailbox().send(a, acking[0], "one", "text", null);
    String first = (String) pushedIds(acking[0]).get(0);
    Deliveries d = f.broker.deliveries();

    assertThat(d.confirmAtOnce(new DeliveryListener.Receipt(acking[0], List.of(first), false)))
        .isTrue();
    assertThat(f.store.messages().pendingFor(acking[0], 10))
        .extracting(Message::id)
        .containsExactly(first);
    assertThat(d.confirmAtOnce(new DeliveryListener.Receipt(acking[0], List.of(first), true)))
        .isTrue();
    assertThat(f.store.messages().pendingFor(acking[0], 10)).isEmpty();

    // a backlog: more pending than one flush hands over
    List<Message> backlog = new java.util.ArrayList<>();
    for (int i = 0; i <= Deliveries.FLUSH_BATCH; i++) {
      java.time.Instant now = java.time.Instant.now();
      backlog.add(new Message(Ids.message(now), a, acking[0], "text", "m" + i, now, null, false));
    }
    f.store.messages().insert(backlog); // as if sent while the link was down
    d.linkUp(acking[0]);
    List<Object> ids = pushedIds(acking[0]);
    assertThat(ids).hasSize(1 + Deliveries.FLUSH_BATCH);
    DeliveryListener.Receipt ack =
        new DeliveryListener.Receipt(acking[0], List.of((String) ids.get(1)), true);
    assertThat(d.confirmAtOnce(ack)).as("a refill reads the store: not on a push thread").isFalse();
    assertThat(f.store.messages().pendingFor(acking[0], 2 * Deliveries.FLUSH_BATCH))
        .hasSize(1 + Deliveries.FLUSH_BATCH);
    d.confirmed(List.of(ack));
    assertThat(pushedIds(acking[0]))
        .as("the refill pushed the rest")
        .hasSizeGreaterThan(1 + Deliveries.FLUSH_BATCH);
  }

  @Test
  void nonAcknowledgingPeersAreDeliveredOnceWritten() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", false);
    f.broker.mailbox().send(a, b[0], "x", "text", null);
    String id = (String) pushedIds(b[0]).get(0);
    f.broker.deliveries().written(b[0], List.of(id));
    assertThat(f.store.messages().pendingFor(b[0], 10)).isEmpty();
  }

  @Test
  void heartbeatRequeuesUnacknowledgedMessagesOldestFirstOnceTheLinkDroppedANotification() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.broker.mailbox().send(a, b[0], "first", "text", null);
    f.broker.mailbox().send(a, b[0], "second", "text", null);
    f.push.sent.clear();
    f.broker.peers().heartbeat(b[0], b[1], null);
    // everything was handed to this connection and nothing was dropped: no replay needed
    assertThat(f.push.to(b[0], "message")).isEmpty();

    f.push.drops.put(b[0], 1L); // the link's queue was full once
    f.broker.peers().heartbeat(b[0], b[1], null);
    assertThat(f.push.to(b[0], "message"))
        .extracting(n -> n.payload().get("text"))
        .containsExactly("first", "second");
    f.push.sent.clear();
    f.broker.peers().heartbeat(b[0], b[1], null);
    assertThat(f.push.to(b[0], "message")).isEmpty();
  }

  @Test
  void heartbeatRequeuesOnANewConnectionAndWhenTheTransportCannotCountDrops() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.broker.mailbox().send(a, b[0], "first", "text", null);
    f.push.sent.clear();
    f.push.connections.put(b[0], 2L); // replaced unseen
    f.broker.peers().heartbeat(b[0], b[1], null);
    assertThat(f.push.to(b[0], "message"))
        .extracting(n -> n.payload().get("text"))
        .containsExactly("first");

    f.push.sent.clear();
    f.push.drops.put(b[0], -1L); // a transport that cannot tell
    f.broker.peers().heartbeat(b[0], b[1], null);
    f.broker.peers().heartbeat(b[0], b[1], null);
    assertThat(f.push.to(b[0], "message")).hasSize(2);
  }

  @Test
  void readMessagesAreNeverPushedAgain() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.broker.mailbox().send(a, b[0], "x", "text", null);
    f.broker.mailbox().inbox(new InboxQuery(b[0], true, null, 20), b[1]);
    f.push.sent.clear();
    f.broker.deliveries().linkUp(b[0]);
    assertThat(f.push.to(b[0], Notification.MESSAGE)).isEmpty();
  }

  private List<Object> pushedTexts(String peer) {
    return f.push.to(peer, "message").stream().map(n -> n.payload().get("text")).toList();
  }

  @Test
  void directSendsOnACleanLaneAreHandedOverOnceEachInOrder() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    for (int i = 0; i < 3; i++) {
      f.broker.mailbox().send(a, b[0], "m" + i, "text", null);
    }
    assertThat(pushedTexts(b[0])).containsExactly("m0", "m1", "m2");
  }

  @Test
  void aDirectMessageGoesToItsLinkOnlyOnceItsCommitHasReturned() {
    // "pushed only once durable": the fast path hands the message over after commit.get()
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.broker.mailbox().send(a, b[0], "first", "text", null); // the lane is clean from here on
    Message m = new Message("m-second", a, b[0], "text", "second", f.clock.instant(), null, false);
    List<Integer> pushedDuringCommit = new java.util.ArrayList<>();
    f.broker
        .deliveries()
        .commitDirect(
            m,
            () -> {
              f.store.messages().insert(List.of(m));
              pushedDuringCommit.add(f.push.sent.size());
              return null;
            });
    assertThat(pushedDuringCommit).containsExactly(1);
    assertThat(pushedTexts(b[0])).containsExactly("first", "second");

    Message failed =
        new Message("m-failed", a, b[0], "text", "lost", f.clock.instant(), null, false);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                f.broker
                    .deliveries()
                    .commitDirect(
                        failed,
                        () -> {
                          throw new IllegalStateException("the commit failed");
                        }))
        .hasMessage("the commit failed");
    assertThat(pushedTexts(b[0])).containsExactly("first", "second");
  }

  @Test
  void aFlushDoesNotOfferTheSameConnectionAMessageAgain() {
    // a flush that reads the store between the peer's ack (the link forgets the id) and its
    // delivery mark would find the message still pending: it must not send it a second time
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.broker.mailbox().send(a, b[0], "once", "text", null);
    f.broker.deliveries().flush(b[0]);
    f.broker.deliveries().flushAll();
    assertThat(pushedTexts(b[0])).containsExactly("once");

    f.push.connections.put(b[0], 2L); // a new connection: offered again
    f.broker.deliveries().flush(b[0]);
    assertThat(pushedTexts(b[0])).containsExactly("once", "once");
  }

  @Test
  void aMessageQueuedWhileTheLinkWasDownGoesOutBeforeTheNextOne() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.broker.mailbox().send(a, b[0], "before", "text", null);
    f.push.down.add(b[0]);
    f.broker.mailbox().send(a, b[0], "while down", "text", null);
    f.push.down.remove(b[0]);
    f.push.sent.clear();
    f.broker.mailbox().send(a, b[0], "after", "text", null);
    assertThat(pushedTexts(b[0])).containsExactly("before", "while down", "after");
  }

  @Test
  void directSendsAfterABroadcastFollowItInCommitOrder() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.broker.mailbox().send(a, b[0], "direct 1", "text", null);
    f.broker.mailbox().send(a, "all", "broadcast", "text", null);
    f.broker.mailbox().send(a, b[0], "direct 2", "text", null);
    assertThat(pushedTexts(b[0])).containsSubsequence("direct 1", "broadcast", "direct 2");
    assertThat(f.store.messages().pendingFor(b[0], 10))
        .extracting(Message::payload)
        .containsExactly("direct 1", "broadcast", "direct 2");
  }

  @Test
  void aBroadcastAfterAMessageQueuedWhileTheLinkWasDownFollowsIt() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.push.down.add(b[0]);
    f.broker.mailbox().send(a, b[0], "while down", "text", null);
    f.push.down.remove(b[0]);
    f.broker.mailbox().send(a, "all", "broadcast", "text", null);
    assertThat(pushedTexts(b[0])).containsExactly("while down", "broadcast");
  }

  @Test
  void onANewConnectionTheNextSendReplaysUnacknowledgedMessagesFirst() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.broker.mailbox().send(a, b[0], "before", "text", null);
    f.push.connections.put(b[0], 2L);
    f.push.sent.clear();
    f.broker.mailbox().send(a, b[0], "after", "text", null);
    assertThat(pushedTexts(b[0])).containsExactly("before", "after");
  }

  @Test
  void aTransportThatCannotNameItsConnectionsIsAlwaysReplayedFromTheStore() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    f.push.connections.put(b[0], dev.slmmesh.broker.PushNotifier.UNKNOWN_CONNECTION);
    f.broker.mailbox().send(a, b[0], "first", "text", null);
    f.broker.mailbox().send(a, b[0], "second", "text", null);
    assertThat(pushedTexts(b[0])).containsExactly("first", "first", "second");
  }
}
