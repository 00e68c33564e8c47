package dev.slmmesh.push;

import static dev.slmmesh.push.Notifications.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.wire.Notification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SharedFrameTest {

  private static final String TEXT =
      "a \"messageId\":\"fake\" in the text,\nnon-ASCII é ✓ and a control \u0001 character";

  @Test
  void linesBuiltFromTheSharedEncodingAreByteForByteTheSingleSendLines() {
    SharedFrame shared = SharedFrame.of(message(UUID.randomUUID().toString(), TEXT));
    assertThat(shared).isNotNull();
    List<String> ids =
        List.of(UUID.randomUUID().toString(), "m1", "quote\"back\\slash", "é✓", "ctl\u0002", "");
    for (String id : ids) {
      Notification n = message(id, TEXT);
      assertThat(shared.fits(n)).as(id).isTrue();
      Frame frame = shared.frame(n);
      assertThat(new String(frame.bytes(), StandardCharsets.UTF_8))
          .as(id)
          .isEqualTo(new String(Frame.of(n).bytes(), StandardCharsets.UTF_8));
      assertThat(frame.messageId()).isEqualTo(id);
    }
  }

  @Test
  void aMessageThatDiffersInMoreThanItsIdDoesNotFit() {
    SharedFrame shared = SharedFrame.of(message("m1", TEXT));
    assertThat(shared).isNotNull();
    assertThat(shared.fits(message("m2", TEXT + "!"))).isFalse();
    Notification later =
        new Notification(Notification.MESSAGE, message("m2", TEXT).payload(), Instant.EPOCH);
    assertThat(shared.fits(later)).isFalse();
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("fromPeer", "sender");
    reordered.put("messageId", "m2");
    reordered.put("text", TEXT);
    assertThat(
            shared.fits(
                new Notification(Notification.MESSAGE, reordered, message("m2").timestamp())))
        .isFalse();
  }

  @Test
  void onlyMessagesWithAStringIdHaveASharedForm() {
    assertThat(SharedFrame.of(Notifications.locked("a.txt"))).isNull();
    Map<String, Object> numeric = new LinkedHashMap<>();
    numeric.put("messageId", 7);
    assertThat(SharedFrame.of(new Notification(Notification.MESSAGE, numeric, Instant.EPOCH)))
        .isNull();
  }
}
