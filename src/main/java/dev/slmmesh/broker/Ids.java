package dev.slmmesh.broker;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of messages and events. Message ids are UUIDs of version 7 (RFC 9562), the creation
 * millisecond followed by 74 random bits: clients see the same 36-character UUID text as before
 * (the original made version 4), and the store's unique id index grows at its end instead of at a
 * random page per message, so a broadcast's rows share index pages. Event ids are version 4.
 *
 * <p>The random bits only have to make ids unique, not unguessable (every action on a message or
 * event is checked against the caller's peer and credential), so they come from {@link
 * ThreadLocalRandom}: a SecureRandom read {@code /dev/urandom} with a system call for every two
 * message ids, dozens of them for one broadcast.
 */
final class Ids {

  private Ids() {}

  static String message(Instant createdAt) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long millis = createdAt.toEpochMilli() & 0xFFFF_FFFF_FFFFL; // 48 bits, as the RFC lays out
    long mostSignificant = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(mostSignificant, leastSignificant).toString();
  }

  static String event() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long mostSignificant = (random.nextLong() & ~0xF000L) | 0x4000L;
    long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(mostSignificant, leastSignificant).toString();
  }
}
