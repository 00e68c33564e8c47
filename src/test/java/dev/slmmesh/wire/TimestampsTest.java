package dev.slmmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
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

  private static final DateTimeFormatter FORMATTER =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Property(tries = 2000)
  void theHandWrittenFormIsTheFormattersForEveryYear(
      @ForAll @LongRange(min = -70_000_000_000L, max = 260_000_000_000L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
    Instant at = Instant.ofEpochSecond(seconds, nanos);

    assertThat(Timestamps.iso(at)).isEqualTo(FORMATTER.format(at.truncatedTo(ChronoUnit.MILLIS)));
  }

  @Test
  void theEdgesOfFourDigitYearsAreWrittenAsTheFormatterWritesThem() {
    for (String edge :
        List.of(
            "0000-12-31T23:59:59.999Z",
            "0001-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "+10000-01-01T00:00:00Z")) {
      Instant at = Instant.parse(edge);
      assertThat(Timestamps.iso(at)).isEqualTo(FORMATTER.format(at.truncatedTo(ChronoUnit.MILLIS)));
    }
  }
}
