package dev.slmmesh.broker;

import dev.slmmesh.wire.MeshLimits;
import org.jspecify.annotations.Nullable;

/** Size rules shared by the broker's components, each failing with a message naming the field. */
final class Limits {
  static final int MAX_PAYLOAD_BYTES = MeshLimits.PAYLOAD_MAX_BYTES;
  static final int MAX_KEY = MeshLimits.KEY_MAX;
  static final int MAX_NAMESPACE = MeshLimits.NAMESPACE_MAX;

  /** Most messages that may wait for one recipient, neither delivered nor read. */
  static final int MAX_QUEUED_PER_PEER = 10_000;

  private Limits() {}

  static void maxLength(String field, @Nullable String value, int max) {
    if (value != null && value.length() > max) {
      throw new BrokerException(field + " must be at most " + max + " characters");
    }
  }
}
