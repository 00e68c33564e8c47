package dev.slmmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireRecordsTest {
  private final Instant t = Instant.parse("2026-04-08T10:30:01.123Z");

  @Test
  void peerKeysMatchTheOriginalAndTimesAreIsoUtc() {
    Peer p =
        new Peer(
            "id1",
            "peer-id1",
            42,
            "/p",
            null,
            null,
            "claude-code",
            "",
            "/s.sock",
            t,
            t,
            "active",
            null,
            null);
    assertThat(Json.write(p))
        .isEqualTo(
            "{\"id\":\"id1\",\"name\":\"peer-id1\",\"pid\":42,\"projectPath\":\"/p\",\"gitRoot\":null,"
                + "\"gitBranch\":null,\"agentType\":\"claude-code\",\"summary\":\"\",\"udsPath\":\"/s.sock\","
                + "\"startedAt\":\"2026-04-08T10:30:01.123Z\",\"lastHeartbeat\":\"2026-04-08T10:30:01.123Z\",\"status\":\"active\"}");
    assertThat(Json.write(p.withPushConnected(true)))
        .endsWith(",\"status\":\"active\",\"pushConnected\":true}");
  }

  @Test
  void presenceIsTheLastKeyOfAPeerAndAbsentWhenUnknown() {
    Peer p =
        new Peer(
            "id1",
            "peer-id1",
            42,
            "/p",
            null,
            null,
            "claude-code",
            "",
            null,
            t,
            t,
            "active",
            null,
            null);
    assertThat(Json.write(p)).doesNotContain("presence");
    assertThat(
            Json.write(p.withPushConnected(false).withPresence(new Presence("waiting", t, true))))
        .endsWith(
            ",\"pushConnected\":false,"
                + "\"presence\":{\"state\":\"waiting\",\"since\":\"2026-04-08T10:30:01.123Z\",\"wakeable\":true}}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Presence("busy", t, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("presence must be one of working, idle, waiting, got \"busy\"");
  }

  @Test
  void everyTimeOfAMessageIsIsoUtcWithAZone() {
    Message m = new Message("m1", "a", "b", "text", "hi", t, t.plusSeconds(5), true);
    assertThat(Json.write(m))
        .isEqualTo(
            "{\"id\":\"m1\",\"fromPeer\":\"a\",\"toPeer\":\"b\",\"type\":\"text\",\"payload\":\"hi\","
                + "\"createdAt\":\"2026-04-08T10:30:01.123Z\",\"readAt\":\"2026-04-08T10:30:06.123Z\",\"delivered\":true,\"status\":\"read\"}");
    assertThat(new Message("m1", "a", "b", "text", "hi", t, null, false).status())
        .isEqualTo("queued");
  }

  @Test
  void lockStateAndEventShapes() {
    assertThat(Json.write(new Lock("/f", "a", t, t.plusSeconds(600), "r")))
        .isEqualTo(
            "{\"filePath\":\"/f\",\"lockedBy\":\"a\",\"lockedAt\":\"2026-04-08T10:30:01.123Z\",\"expiresAt\":\"2026-04-08T10:40:01.123Z\",\"reason\":\"r\"}");
    assertThat(Json.write(new StateEntry("k", "default", "v", "a", t)))
        .isEqualTo(
            "{\"key\":\"k\",\"namespace\":\"default\",\"value\":\"v\",\"updatedBy\":\"a\",\"updatedAt\":\"2026-04-08T10:30:01.123Z\"}");
    assertThat(Json.write(new Event("e", "file_locked", "{\"filePath\":\"/f\"}", "a", t)))
        .isEqualTo(
            "{\"id\":\"e\",\"type\":\"file_locked\",\"payload\":\"{\\\"filePath\\\":\\\"/f\\\"}\",\"emittedBy\":\"a\",\"createdAt\":\"2026-04-08T10:30:01.123Z\"}");
  }

  @Test
  void pushEnvelopesMatchReferenceSection4() {
    Message m = new Message("m1", "a", "b", "text", "auth refactored", t, null, false);
    assertThat(Json.write(Notification.message(m, "peer-a")))
        .isEqualTo(
            "{\"type\":\"message\",\"payload\":{\"messageId\":\"m1\",\"fromPeer\":\"a\",\"text\":\"auth refactored\","
                + "\"messageType\":\"text\",\"fromName\":\"peer-a\"},\"timestamp\":\"2026-04-08T10:30:01.123Z\"}");
    assertThat(Json.write(Notification.event("file_locked", Map.of("filePath", "/a"), t)))
        .isEqualTo(
            "{\"type\":\"event\",\"payload\":{\"eventType\":\"file_locked\",\"filePath\":\"/a\"},\"timestamp\":\"2026-04-08T10:30:01.123Z\"}");
    assertThat(Json.write(Notification.locked("/a", "x", t)))
        .isEqualTo(
            "{\"type\":\"lock_update\",\"payload\":{\"filePath\":\"/a\",\"action\":\"locked\",\"by\":\"x\"},\"timestamp\":\"2026-04-08T10:30:01.123Z\"}");
    assertThat(Json.write(Notification.unlocked("/a", t)))
        .isEqualTo(
            "{\"type\":\"lock_update\",\"payload\":{\"filePath\":\"/a\",\"action\":\"unlocked\"},\"timestamp\":\"2026-04-08T10:30:01.123Z\"}");
    assertThat(Json.write(Notification.peerLeft("p", t)))
        .isEqualTo(
            "{\"type\":\"peer_update\",\"payload\":{\"action\":\"left\",\"peerId\":\"p\"},\"timestamp\":\"2026-04-08T10:30:01.123Z\"}");
    assertThat(Json.write(Notification.shutdown(t)))
        .isEqualTo(
            "{\"type\":\"shutdown\",\"payload\":{},\"timestamp\":\"2026-04-08T10:30:01.123Z\"}");
    assertThat(Notification.message(m, "x").messageId()).isEqualTo("m1");
  }
}
