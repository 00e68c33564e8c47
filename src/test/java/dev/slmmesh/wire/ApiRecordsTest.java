package dev.slmmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API records write the original's keys in its order, and read back what they wrote. */
class ApiRecordsTest {
  private static final Instant AT = Instant.parse("2026-04-08T10:30:01.123Z");

  @Test
  void answersStartWithOkAndLeaveOutOurAbsentFields() {
    assertThat(Json.write(new PeerApi.Registered("p1", "alice", null)))
        .isEqualTo("{\"ok\":true,\"peerId\":\"p1\",\"name\":\"alice\"}");
    assertThat(Json.write(Answer.Ok.INSTANCE)).isEqualTo("{\"ok\":true}");
    assertThat(Json.write(new Answer.Refusal("Peer not found")))
        .isEqualTo("{\"ok\":false,\"error\":\"Peer not found\"}");
    assertThat(Json.write(new MessageApi.Sent("m1", null, null, null)))
        .isEqualTo("{\"ok\":true,\"messageId\":\"m1\"}");
    assertThat(Json.write(new MessageApi.Sent(null, List.of("m1"), null, null)))
        .isEqualTo("{\"ok\":true,\"messageIds\":[\"m1\"]}");
    assertThat(Json.write(new StateApi.Entry(null))).isEqualTo("{\"ok\":true,\"entry\":null}");
    assertThat(Json.write(new StatusApi.Health("ok", "1.2.2", 3)))
        .isEqualTo("{\"status\":\"ok\",\"version\":\"1.2.2\",\"uptime\":3}");
  }

  @Test
  void requestsLeaveOutAbsentFields() {
    assertThat(Json.write(PeerApi.Register.of("/r", 7, null, "claude-code")))
        .isEqualTo("{\"projectPath\":\"/r\",\"pid\":7,\"agentType\":\"claude-code\"}");
    assertThat(Json.write(LockApi.Request.query(null, null))).isEqualTo("{\"action\":\"query\"}");
  }

  @Test
  void answersReadBackWithTheirTimesInEitherForm() throws Exception {
    Message m = new Message("m1", "a", "b", "text", "hi", AT, null, true);
    MessageApi.Messages inbox =
        new MessageApi.Messages(List.of(new InboxMessage(m, "alice").fromUnregistered()));
    String json = Json.write(inbox);
    assertThat(json)
        .contains(
            "\"delivered\":true,\"status\":\"delivered\",\"fromName\":\"alice\",\"senderRegistered\":false");
    assertThat(Json.MAPPER.readValue(json, MessageApi.Messages.class)).isEqualTo(inbox);

    String lock =
        "{\"filePath\":\"/a\",\"lockedBy\":\"p\",\"lockedAt\":\"2026-04-08 10:30:01\","
            + "\"expiresAt\":\"2026-04-08T10:40:01.123Z\",\"reason\":\"\"}";
    Lock read = Json.MAPPER.readValue(lock, Lock.class);
    assertThat(read.lockedAt()).isEqualTo(Instant.parse("2026-04-08T10:30:01Z"));
    assertThat(read.expiresAt()).isEqualTo(Instant.parse("2026-04-08T10:40:01.123Z"));
  }
}
