package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.store.InboxQuery;
import dev.slmmesh.wire.InboxMessage;
import dev.slmmesh.wire.Notification;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailboxTest {
  private final BrokerFixture f = new BrokerFixture();
  private final Mailbox mail = f.broker.mailbox();

  @AfterEach
  void close() {
    f.close();
  }

  private String id(Object reply) {
    return ((Mailbox.Direct) reply).messageId();
  }

  @Test
  void directMessageIsStoredThenPushedToAConnectedRecipient() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    String m = id(mail.send(a, b[0], "hello", "text", null));
    List<Notification> pushed = f.push.to(b[0], "message");
    assertThat(pushed).hasSize(1);
    assertThat(pushed.get(0).payload())
        .containsEntry("messageId", m)
        .containsEntry("text", "hello")
        .containsEntry("fromName", "a");
  }

  @Test
  void checksFollowTheOriginalOrderAndTexts() {
    String a = f.register("a");
    assertThatThrownBy(() -> mail.send(a, "x", "y".repeat(65_537), "text", null))
        .hasMessage("Payload too large (max 65536 bytes)");
    assertThatThrownBy(() -> mail.send(a, "ghost", "hi", "text", null))
        .hasMessage("Invalid peer ID format");
    assertThatThrownBy(
            () -> mail.send(a, "3f0c9a1e-5b7d-4c2a-9e11-0a1b2c3d4e5f", "hi", "text", null))
        .hasMessage("Peer not found or inactive");
    assertThatThrownBy(() -> mail.send(a, a, "hi", "shout", null))
        .hasMessage("type must be one of text, json, command, alert");
  }

  @Test
  void aMessageToThePersonWaitsInTheCliInboxAndCarriesTheSendersName() {
    String a = f.register("a");
    String toPerson = id(mail.send(a, "cli", "done, see PR 12", "text", null));
    String fromPerson = id(mail.send("cli", a, "please review", "text", null));
    assertThat(mail.inbox(new InboxQuery("cli", true, null, 20), null))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.message().id()).isEqualTo(toPerson);
              assertThat(m.message().toPeer()).isEqualTo("cli");
              assertThat(m.fromName()).isEqualTo("a");
            });
    assertThat(mail.inbox(new InboxQuery(a, true, null, 20), null))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.message().id()).isEqualTo(fromPerson);
              assertThat(m.fromName()).isEqualTo("cli");
            });
  }

  @Test
  void broadcastWritesOneRowPerOtherActivePeer() {
    String a = f.register("a");
    String b = f.register("b");
    String c = f.register("c");
    @SuppressWarnings("unchecked")
    List<String> ids =
        ((Mailbox.Broadcast) mail.send(a, "all", "hi all", "text", null)).messageIds();
    assertThat(ids).hasSize(2);
    assertThat(mail.inbox(new InboxQuery(b, true, null, 20), null)).hasSize(1);
    assertThat(mail.inbox(new InboxQuery(c, true, null, 20), null)).hasSize(1);
    assertThat(mail.inbox(new InboxQuery(a, true, null, 20), null)).isEmpty();
  }

  @Test
  void aSenderCannotBeSpoofedWhenItHasACredential() {
    String[] a = f.registerSecured("a", false);
    String b = f.register("b");
    assertThatThrownBy(() -> mail.send(a[0], b, "I am a", "text", null))
        .hasMessageStartingWith("Invalid or missing credential");
    assertThat(id(mail.send(a[0], b, "really a", "text", a[1]))).isNotBlank();
  }

  @Test
  void inboxMarksReadOnceAndAllModeKeepsTheFirstReadTime() {
    String a = f.register("a");
    String b = f.register("b");
    mail.send(a, b, "one", "text", null);
    assertThat(mail.inbox(new InboxQuery(b, true, null, 20), null))
        .extracting(m -> m.message().readAt())
        .containsOnlyNulls();
    assertThat(mail.inbox(new InboxQuery(b, true, null, 20), null)).isEmpty();
    f.clock.advance(Duration.ofMinutes(5));
    List<InboxMessage> all = mail.inbox(new InboxQuery(b, false, null, 20), null);
    assertThat(all).hasSize(1);
    assertThat(all.get(0).message().readAt())
        .isEqualTo(java.time.Instant.parse("2026-04-08T10:00:00Z"));
  }

  @Test
  void receiptsShowQueuedDeliveredAndReadToTheSenderOnly() {
    String a = f.register("a");
    String[] b = f.registerSecured("b", true);
    String m = id(mail.send(a, b[0], "hi", "text", null));
    assertThat(mail.receipts(a, null, List.of(m)))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("queued"));
    f.broker.deliveries().acknowledged(b[0], List.of(m));
    assertThat(mail.receipts(a, null, List.of(m)))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("delivered"));
    mail.markRead(b[0], b[1], List.of(m));
    assertThat(mail.receipts(a, null, List.of(m)))
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("read"));
    assertThat(mail.receipts(b[0], b[1], List.of(m))).isEmpty();
  }

  @Test
  void inventingSenderIdsDoesNotBuyAFreshRateBudget() {
    String b = f.register("b");
    for (int i = 0; i < 100; i++) {
      mail.send("made-up-" + i, b, "spam", "text", null);
    }
    assertThatThrownBy(() -> mail.send("yet-another-id", b, "spam", "text", null))
        .hasMessage("Rate limit exceeded (max 100 requests per 10 seconds)");
    assertThat(id(mail.send(b, b, "a registered peer keeps its own budget", "text", null)))
        .isNotBlank();
  }
}
