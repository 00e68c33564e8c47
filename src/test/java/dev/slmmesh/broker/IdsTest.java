package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
  private static final Instant T = Instant.parse("2026-11-23T17:00:00.123Z");

  @Test
  void areVersion7UuidsCarryingTheCreationMillisecond() {
    String id = Ids.message(T);
    UUID uuid = UUID.fromString(id);

    assertThat(id).hasSize(36).isEqualTo(id.toLowerCase(java.util.Locale.ROOT));
    assertThat(PeerIds.wellFormed(id)).isTrue();
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(T.toEpochMilli());
  }

  @Test
  void laterMillisecondsSortAfterEarlierOnesAndIdsNeverRepeat() {
    assertThat(Ids.message(T.plusMillis(1))).isGreaterThan(Ids.message(T));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(Ids.message(T))).isTrue();
    }
  }

  @Test
  void eventIdsAreDistinctVersion4Uuids() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Ids.event();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(seen.add(id)).isTrue();
    }
  }
}
