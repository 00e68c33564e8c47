package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.store.EventQuery;
import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.Notification;
import dev.slmmesh.wire.WireText;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the person at the dashboard may do, and the watcher through which the page hears. */
class HumanActionsTest {
  private final BrokerFixture f = new BrokerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void theHumansMessageReachesTheAgentFromTheHumansOwnSenderId() {
    String[] alice = f.registerSecured("alice", true);
    f.push.sent.clear();

    f.broker.mailbox().sendAsHuman(alice[0], "please stop editing a.ts", "text");

    assertThat(f.push.to(alice[0], Notification.MESSAGE))
        .singleElement()
        .satisfies(n -> assertThat(n.payload()).containsEntry("fromPeer", WireText.HUMAN).containsEntry("fromName", WireText.HUMAN));
  }

  @Test
  void noPeerMaySendAsTheHuman() {
    String alice = f.register("alice");
    assertThatThrownBy(() -> f.broker.mailbox().send(WireText.HUMAN, alice, "hi", "text", null))
        .hasMessage("fromPeer \"human\" is reserved for the person at the dashboard");
    assertThat(f.store.recentMessages(null, 10)).isEmpty();
  }

  @Test
  void anAgentMayAnswerTheHumanAndTheAnswerIsKeptForTheTimeline() {
    String alice = f.register("alice");

    f.broker.mailbox().send(alice, WireText.HUMAN, "done", "text", null);

    assertThat(f.store.recentMessages(null, 10))
        .singleElement()
        .satisfies(m -> assertThat(m.toPeer()).isEqualTo(WireText.HUMAN))
        .extracting(Message::status)
        .isEqualTo(Message.QUEUED);
  }

  @Test
  void theHumansBroadcastGoesToEveryActivePeer() {
    f.register("alice");
    f.register("bob");
    var reply = f.broker.mailbox().sendAsHuman(WireText.BROADCAST, "stand-up in 5", "alert");
    assertThat((List<?>) reply.body().get("messageIds")).hasSize(2);
  }

  @Test
  void forcedReleaseFreesAnotherSessionsLockAndItsEventNamesWhoDidIt() {
    String alice = f.register("alice");
    f.broker.locks().lock("/repo/a.ts", alice, null, "refactor", 30);

    f.broker.locks().forceRelease("/repo/a.ts", WireText.HUMAN);

    assertThat(f.broker.locks().query(null, null)).isEmpty();
    Event unlocked = f.broker.events().read(new EventQuery(List.of("file_unlocked"), null, 10)).get(0);
    assertThat(unlocked.emittedBy()).isEqualTo(WireText.HUMAN);
    assertThat(unlocked.payload())
        .contains("\"unlockedBy\":\"human\"")
        .contains("\"heldBy\":\"" + alice + "\"")
        .contains("\"forced\":true");
    assertThatThrownBy(() -> f.broker.locks().forceRelease("/repo/a.ts", WireText.HUMAN))
        .hasMessage("No active lock on /repo/a.ts");
  }

  @Test
  void theWatcherHearsOfAnEventOnlyOnceItIsCommitted() {
    List<String> heard = new CopyOnWriteArrayList<>();
    f.broker.events().watch(e -> heard.add(e.type()));
    f.register("alice");
    assertThatThrownBy(
            () ->
                f.store.atomically(
                    () -> {
                      f.broker.events().emitCustom("build_started", java.util.Map.of(), "x");
                      throw new IllegalStateException("rolled back");
                    }))
        .hasMessage("rolled back");
    f.broker.events().watch(null);
    f.broker.events().emitCustom("after_unwatch", java.util.Map.of(), "x");

    assertThat(heard).containsExactly("peer_joined");
  }
}
