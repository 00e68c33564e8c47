package dev.slmmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  private final Instant t = Instant.parse("2026-04-08T10:30:01.123456Z");

  @Test
  void formatsBothOriginalFormats() {
    assertThat(Timestamps.iso(t)).isEqualTo("2026-04-08T10:30:01.123Z");
  }

  @Test
  void handFormattingGivesTheFormattersText() {
    java.time.format.DateTimeFormatter iso =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    java.util.Random random = new java.util.Random(16);
    java.util.List<Instant> instants = new java.util.ArrayList<>();
    instants.add(Instant.EPOCH);
    instants.add(Instant.parse("2024-02-29T23:59:59.999999999Z"));
    instants.add(Instant.parse("9999-12-31T23:59:59.999Z"));
    instants.add(Instant.parse("+10000-01-01T00:00:00Z"));
    instants.add(Instant.parse("1969-12-31T23:59:59.999Z"));
    instants.add(Instant.parse("0001-01-01T00:00:00Z"));
    for (int i = 0; i < 20_000; i++) {
      instants.add(
          Instant.ofEpochSecond(
              random.nextInt(Integer.MAX_VALUE) * 64L, random.nextInt(1_000_000_000)));
    }
    for (Instant at : instants) {
      assertThat(Timestamps.iso(at))
          .as("%s", at)
          .isEqualTo(iso.format(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    }
  }

  @Test
  void parsesIsoSqliteOffsetAndLocalForms() {
    assertThat(Timestamps.parse("2026-04-08T10:30:01.123Z"))
        .contains(Instant.parse("2026-04-08T10:30:01.123Z"));
    assertThat(Timestamps.parse("2026-04-08 10:30:01"))
        .contains(Instant.parse("2026-04-08T10:30:01Z"));
    assertThat(Timestamps.parse("2026-04-08T12:30:01+02:00"))
        .contains(Instant.parse("2026-04-08T10:30:01Z"));
    assertThat(Timestamps.parse("2026-04-08T10:30:01"))
        .contains(Instant.parse("2026-04-08T10:30:01Z"));
  }

  @Test
  void rejectsGarbage() {
    assertThat(Timestamps.parse("yesterday")).isEmpty();
    assertThat(Timestamps.parse("")).isEmpty();
    assertThat(Timestamps.parse("2026-13-45 99:99:99")).isEmpty();
  }

  @Test
  void sameDayIsoSinceComparesByInstantNotByString() {
    // a defect of the original: "2026-04-08 10:30:02" < "2026-04-08T10:30:01.000Z" as strings
    Instant event = Timestamps.parse("2026-04-08 10:30:02").orElseThrow();
    Instant since = Timestamps.parse("2026-04-08T10:30:01.000Z").orElseThrow();
    assertThat(event).isAfter(since);
  }
}
