package dev.slmmesh.broker;

import java.util.regex.Pattern;

/** The original's peer-id format check: a UUID shape, case-insensitive, version not enforced. */
final class PeerIds {
  private static final Pattern UUID_SHAPE =
      Pattern.compile(
          "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
          Pattern.CASE_INSENSITIVE);

  private PeerIds() {}

  static boolean wellFormed(String id) {
    return UUID_SHAPE.matcher(id).matches();
  }
}
