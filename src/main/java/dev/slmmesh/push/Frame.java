package dev.slmmesh.push;

import dev.slmmesh.wire.Notification;
import org.jspecify.annotations.Nullable;

/**
 * One encoded NDJSON line waiting to be written, with the message id it carries (null for other
 * kinds). The byte array is shared by every link a broadcast goes to and must never be modified.
 */
record Frame(byte[] bytes, @Nullable String messageId) {

  static Frame of(Notification notification) {
    return new Frame(NdjsonWriter.encode(notification), notification.messageId());
  }
}
