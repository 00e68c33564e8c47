package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.wire.Presence;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code mesh_send} with {@code whenIdle}: held at the broker until the recipient reports idle. */
class WhenIdleTest {
  private final BrokerFixture f = new BrokerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** What reached the link, each message once (a real link skips ids it already carries). */
  private List<Object> pushedTexts(String peer) {
    return f.push.to(peer, "message").stream()
        .map(n -> n.payload().get("text"))
        .distinct()
        .toList();
  }

  private void report(String[] peer, String state) {
    f.broker
        .peers()
        .heartbeat(
            peer[0],
            peer[1],
            null,
            new Presence(state, Instant.parse("2026-04-08T10:00:00Z"), false));
  }

  @Test
  void aMessageForAWorkingPeerWaitsUntilItIsIdleThenArrivesInOrder() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", false);
    report(b, Presence.WORKING);
    Mailbox.Direct first =
        (Mailbox.Direct)
            f.broker.mailbox().send(a, b[0], "when you are free 1", "text", null, true);
    f.broker.mailbox().send(a, b[0], "when you are free 2", "text", null, true);
    f.broker.mailbox().send(a, b[0], "urgent", "text", null, false);
    assertThat(first.held()).isTrue();
    assertThat(pushedTexts(b[0])).containsExactly("urgent");
    f.broker.deliveries().flush(b[0]);
    report(b, Presence.WAITING);
    assertThat(pushedTexts(b[0])).containsExactly("urgent");
    report(b, Presence.IDLE);
    assertThat(pushedTexts(b[0]))
        .containsExactly("urgent", "when you are free 1", "when you are free 2");
  }

  @Test
  void anIdlePeerOrOneThatReportsNoPresenceGetsItAtOnce() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", false);
    f.broker.mailbox().send(a, b[0], "no presence known", "text", null, true);
    report(b, Presence.IDLE);
    f.broker.mailbox().send(a, b[0], "idle already", "text", null, true);
    assertThat(pushedTexts(b[0])).containsExactly("no presence known", "idle already");
  }

  @Test
  void aBroadcastCannotWaitForIdle() {
    String a = f.register("a");
    assertThatThrownBy(() -> f.broker.mailbox().send(a, "all", "x", "text", null, true))
        .isInstanceOf(BrokerException.class)
        .hasMessage("whenIdle needs one recipient, not \"all\"");
  }

  @Test
  void peersShowTheReportedPresence() {
    String[] b = f.registerSecured("b", false);
    report(b, Presence.WAITING);
    assertThat(f.broker.peers().list("machine", null, null, null).get(0).presence())
        .isEqualTo(new Presence("waiting", Instant.parse("2026-04-08T10:00:00Z"), false));
  }
}
