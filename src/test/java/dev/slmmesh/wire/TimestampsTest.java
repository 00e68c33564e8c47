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
