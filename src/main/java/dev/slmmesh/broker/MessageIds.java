package dev.slmmesh.broker;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Message ids: UUIDs of version 7 (RFC 9562), the creation millisecond followed by 74 random
 * bits. Clients see the same 36-character UUID text as before (the original made version 4); the
 * store's unique id index then grows at its end instead of at a random page per message, so a
 * broadcast's rows share index pages instead of touching one each.
 */
final class MessageIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private MessageIds() {}

  static String next(Instant createdAt) {
    long millis = createdAt.toEpochMilli() & 0xFFFF_FFFF_FFFFL; // 48 bits, as the RFC lays out
    long random = RANDOM.nextLong();
    long mostSignificant = (millis << 16) | 0x7000L | ((random >>> 52) & 0x0FFFL);
    long leastSignificant = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(mostSignificant, leastSignificant).toString();
  }
}
