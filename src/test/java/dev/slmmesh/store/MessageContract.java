package dev.slmmesh.store;

import static dev.slmmesh.store.StoreFixtures.T0;
import static dev.slmmesh.store.StoreFixtures.at;
import static dev.slmmesh.store.StoreFixtures.ids;
import static dev.slmmesh.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.wire.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The message part of the {@link Store} contract: inbox, pending, receipts, pruning. Mixed into
 * {@link AbstractStoreContractTest}.
 */
interface MessageContract {

  /** The store under test, fresh and empty for each test. */
  Store store();

  @Test
  default void inboxIsNewestFirstAndMarksReadOnce() {
    store()
        .messages()
        .insert(
            List.of(
                message("m1", "a", "me", at(1)), message("m4", "b", "me", at(2)),
                message("m2", "a", "me", at(3)), message("m3", "a", "other", at(4))));

    List<Message> first =
        store().messages().takeInbox(new InboxQuery("me", true, null, 20), at(10));

    assertThat(ids(first)).containsExactly("m2", "m4", "m1");
    assertThat(first).allSatisfy(m -> assertThat(m.readAt()).isNull());
    assertThat(store().messages().takeInbox(new InboxQuery("me", true, null, 20), at(11)))
        .isEmpty();
    List<Message> all = store().messages().takeInbox(new InboxQuery("me", false, null, 20), at(12));
    assertThat(all).extracting(Message::readAt).containsOnly(at(10));
  }

  @Test
  default void inboxFiltersBySenderAndMarksOnlyReturnedRows() {
    store()
        .messages()
        .insert(
            List.of(
                message("m1", "a", "me", at(1)),
                message("m2", "b", "me", at(2)),
                message("m3", "a", "me", at(3))));

    assertThat(ids(store().messages().takeInbox(new InboxQuery("me", true, "a", 1), at(10))))
        .containsExactly("m3");
    assertThat(ids(store().messages().takeInbox(new InboxQuery("me", true, null, 20), at(11))))
        .containsExactly("m2", "m1");
    List<Message> all = store().messages().takeInbox(new InboxQuery("me", false, "a", 20), at(12));
    assertThat(all).extracting(Message::readAt).containsExactly(at(10), at(11));
  }

  @Test
  default void inboxIsNewestInsertedFirstWhateverTheRowsSay() {
    // The broker stamps rows as it inserts them; a clock that went back does not reorder the inbox.
    store().messages().insert(List.of(message("before", "a", "me", at(5))));
    store().messages().insert(List.of(message("after", "a", "me", at(4))));

    assertThat(ids(store().messages().takeInbox(new InboxQuery("me", false, null, 20), at(10))))
        .containsExactly("after", "before");
  }

  @Test
  default void inboxBreaksSameMillisecondTiesNewestInsertFirst() {
    store().messages().insert(List.of(message("x", "a", "me", T0), message("y", "a", "me", T0)));
    store().messages().insert(List.of(message("z", "a", "me", T0)));

    assertThat(ids(store().messages().takeInbox(new InboxQuery("me", true, null, 20), at(1))))
        .containsExactly("z", "y", "x");
  }

  @Test
  default void pendingIsUndeliveredUnreadInInsertionOrder() {
    store()
        .messages()
        .insert(
            List.of(
                message("m1", "a", "me", at(5)),
                message("m2", "a", "me", at(1)),
                message("m3", "a", "me", at(3)),
                message("m4", "a", "other", at(2)),
                message("m5", "a", "me", at(4))));
    store().messages().markDelivered("me", List.of("m3"));
    store().messages().markRead("me", List.of("m5"), at(9));

    assertThat(ids(store().messages().pendingFor("me", 10))).containsExactly("m1", "m2");
    assertThat(ids(store().messages().pendingFor("me", 1))).containsExactly("m1");
  }

  @Test
  default void aDeferredDeliveryMarkIsSeenByEveryReadAtOnce() {
    store()
        .messages()
        .insert(
            List.of(
                message("m1", "a", "me", T0),
                message("m2", "a", "me", T0),
                message("m3", "a", "other", T0)));

    store().messages().markDeliveredLater("me", List.of("m1", "m3"));

    assertThat(ids(store().messages().pendingFor("me", 10))).containsExactly("m2");
    assertThat(ids(store().messages().pendingFor("other", 10)))
        .containsExactly("m3"); // not its recipient
    assertThat(store().messages().sentBy("a", List.of("m1", "m2")))
        .extracting(Message::delivered)
        .containsExactly(true, false);
    assertThat(store().stats(T0).messagesUndelivered()).isEqualTo(2);
    store().messages().markDeliveredLater("me", List.of("m2"));
    store().flushDeferred();
    assertThat(store().messages().pendingFor("me", 10)).isEmpty();
  }

  @Test
  default void deferredMarksOfManyPeersAreWrittenTogetherEachOnlyForItsRecipient() {
    List<Message> rows = new java.util.ArrayList<>();
    for (int p = 0; p < 5; p++) {
      rows.add(message("x" + p, "a", "peer" + p, T0));
      rows.add(message("y" + p, "a", "peer" + p, T0));
    }
    store().messages().insert(rows);
    for (int p = 0; p < 5; p++) {
      // each peer acknowledges its first message, and peer0 also tries peer1's second one
      store()
          .messages()
          .markDeliveredLater("peer" + p, p == 0 ? List.of("x0", "y1") : List.of("x" + p));
    }
    store().flushDeferred();
    for (int p = 0; p < 5; p++) {
      assertThat(ids(store().messages().pendingFor("peer" + p, 10)))
          .as("peer" + p)
          .containsExactly("y" + p);
    }
  }

  @Test
  default void aBroadcastLargerThanOneStatementKeepsItsOrderForEveryRecipient() {
    List<Message> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 150; i++) {
      rows.add(message(String.format("m%03d", i), "a", i % 2 == 0 ? "even" : "odd", at(i)));
    }
    store().messages().insert(rows);
    assertThat(ids(store().messages().pendingFor("even", 200)))
        .hasSize(75)
        .isSorted()
        .startsWith("m000", "m002");
    assertThat(ids(store().messages().pendingFor("odd", 200)))
        .hasSize(75)
        .isSorted()
        .endsWith("m149");
    assertThat(store().stats(T0).messagesTotal()).isEqualTo(150);
  }

  @Test
  default void aDeferredDeliveryMarkRidesWithTheNextWriteInsideATransactionToo() {
    store().messages().insert(List.of(message("m1", "a", "me", T0), message("m2", "a", "me", T0)));
    store().messages().markDeliveredLater("me", List.of("m1"));
    List<String> seen =
        store()
            .atomically(
                tx -> {
                  tx.messages().insert(List.of(message("m3", "a", "me", T0)));
                  return ids(tx.messages().pendingFor("me", 10));
                });
    assertThat(seen).containsExactly("m2", "m3");
  }

  @Test
  default void marksDeliveredOnlyRecipientsUndeliveredMessages() {
    store()
        .messages()
        .insert(List.of(message("m1", "a", "me", T0), message("m2", "a", "other", T0)));

    assertThat(store().messages().markDelivered("me", List.of("m1", "m2", "unknown"))).isEqualTo(1);
    assertThat(store().messages().markDelivered("me", List.of("m1"))).isZero();
    assertThat(store().messages().markDelivered("me", List.of())).isZero();
    assertThat(store().messages().sentBy("a", List.of("m1", "m2")))
        .extracting(Message::delivered)
        .containsExactly(true, false);
  }

  @Test
  default void markReadKeepsEarlierReadTime() {
    store().messages().insert(List.of(message("m1", "a", "me", T0), message("m2", "a", "me", T0)));

    assertThat(store().messages().markRead("me", List.of("m1"), at(1))).isEqualTo(1);
    assertThat(store().messages().markRead("me", List.of("m1", "m2"), at(2))).isEqualTo(1);
    assertThat(store().messages().markRead("other", List.of("m1", "m2"), at(3))).isZero();

    assertThat(store().messages().sentBy("a", List.of("m1", "m2")))
        .extracting(Message::readAt)
        .containsExactly(at(1), at(2));
  }

  @Test
  default void sentByReturnsOnlyTheSendersMessagesInInsertionOrder() {
    store()
        .messages()
        .insert(
            List.of(
                message("m1", "a", "x", at(2)),
                message("m2", "b", "x", at(1)),
                message("m3", "a", "y", at(1))));

    List<Message> sent = store().messages().sentBy("a", List.of("m3", "m2", "m1", "none"));

    assertThat(sent)
        .containsExactly(message("m1", "a", "x", at(2)), message("m3", "a", "y", at(1)));
  }

  @Test
  default void acceptsMoreIdsThanSqliteHasBoundVariables() {
    store().messages().insert(List.of(message("m1", "a", "me", T0)));
    List<String> ids =
        new ArrayList<>(IntStream.range(0, 40_000).mapToObj(i -> "id-" + i).toList());
    ids.add("m1");

    assertThat(store().messages().markDelivered("me", ids)).isEqualTo(1);
    assertThat(store().messages().markRead("me", ids, at(1))).isEqualTo(1);
    assertThat(store().messages().sentBy("a", ids)).hasSize(1);
  }

  @Test
  default void prunesMessagesCreatedStrictlyBeforeCutoff() {
    Instant cutoff = at(100);
    store()
        .messages()
        .insert(
            List.of(
                message("old", "a", "me", cutoff.minusMillis(1)),
                message("edge", "a", "me", cutoff),
                message("new", "a", "me", cutoff.plusMillis(1))));

    assertThat(store().messages().prune(cutoff)).isEqualTo(1);
    assertThat(ids(store().messages().pendingFor("me", 10))).containsExactly("edge", "new");
  }

  @Test
  default void prunesInInsertionOrderSoABackdatedRowGoesWithTheRowsBeforeIt() {
    Instant cutoff = at(100);
    store()
        .messages()
        .insert(
            List.of(
                message("old", "a", "me", cutoff.minusSeconds(2)),
                message("new", "a", "me", cutoff.plusMillis(1)),
                message("backdated", "a", "me", cutoff.minusSeconds(1)),
                message("newer", "a", "me", cutoff.plusSeconds(5))));

    assertThat(store().messages().prune(cutoff)).isEqualTo(1);
    assertThat(ids(store().messages().pendingFor("me", 10)))
        .containsExactly("new", "backdated", "newer");
    assertThat(store().messages().prune(cutoff.plusSeconds(1))).isEqualTo(2);
    assertThat(ids(store().messages().pendingFor("me", 10))).containsExactly("newer");
  }

  @Test
  default void prunesNothingWhenNoRowIsOld() {
    assertThat(store().messages().prune(at(100))).isZero();
    store()
        .messages()
        .insert(List.of(message("edge", "a", "me", at(100)), message("new", "a", "me", at(101))));

    assertThat(store().messages().prune(at(100))).isZero();
    assertThat(ids(store().messages().pendingFor("me", 10))).containsExactly("edge", "new");
  }

  @Test
  default void prunesEveryRowWhenAllAreOld() {
    store()
        .messages()
        .insert(
            List.of(
                message("m1", "a", "me", at(3)),
                message("m2", "b", "other", at(1)),
                message("m3", "a", "me", at(2))));

    assertThat(store().messages().prune(at(100))).isEqualTo(3);
    assertThat(store().stats(at(100)).messagesTotal()).isZero();
    store().messages().insert(List.of(message("next", "a", "me", at(101))));
    assertThat(ids(store().messages().pendingFor("me", 10))).containsExactly("next");
  }

  @Test
  default void timelineIsEveryRecipientsRowsNewestFirstPagedByTheOldestIdSeen() {
    for (int i = 1; i <= 5; i++) {
      store().messages().insert(List.of(message("m" + i, "a", i % 2 == 0 ? "b" : "c", at(i))));
    }
    store().messages().markDeliveredLater("b", List.of("m4"));

    List<Message> first = store().messages().recent(null, 2);
    assertThat(ids(first)).containsExactly("m5", "m4");
    assertThat(first.get(1).status()).isEqualTo(Message.DELIVERED);
    assertThat(ids(store().messages().recent("m4", 2))).containsExactly("m3", "m2");
    assertThat(ids(store().messages().recent("m2", 10))).containsExactly("m1");
    assertThat(store().messages().recent("gone", 10)).isEmpty();
  }

  @Test
  default void countsUndeliveredUnreadMessagesUpToTheLimit() {
    store()
        .messages()
        .insert(
            List.of(
                message("m1", "a", "me", at(1)), message("m2", "a", "me", at(2)),
                message("m3", "a", "me", at(3)), message("m4", "a", "other", at(4))));
    store().messages().markDelivered("me", List.of("m1"));

    assertThat(store().messages().countUndelivered("me", 10)).isEqualTo(2);
    assertThat(store().messages().countUndelivered("me", 1)).isEqualTo(1);
    assertThat(store().messages().countUndelivered("nobody", 10)).isZero();
  }

  @Test
  default void messagesExpiredUnseenLeaveReceiptsForTheirSenderUntilForgotten() {
    store()
        .messages()
        .insert(List.of(message("old", "s", "me", at(1)), message("new", "s", "me", at(100))));

    List<Message> expired = store().messages().expire(at(50), at(60));

    assertThat(ids(expired)).containsExactly("old");
    assertThat(ids(store().messages().expiredSentBy("s", List.of("old", "new"))))
        .containsExactly("old");
    assertThat(store().messages().expiredSentBy("someone-else", List.of("old"))).isEmpty();
    assertThat(store().messages().forgetExpired(at(61))).isEqualTo(1);
    assertThat(store().messages().expiredSentBy("s", List.of("old"))).isEmpty();
  }
}
