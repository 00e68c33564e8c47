package dev.slmmesh.wire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Times on the wire. We keep instants internally and emit every time as ISO 8601 UTC with
 * milliseconds and a zone ({@code 2026-04-08T10:30:01.123Z}), where the original wrote four fields
 * in SQLite's zone-less form; on input both forms are accepted (docs/conventions.md, "Time and
 * order").
 */
public final class Timestamps {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: years of four digits, written by hand. */
  private static final long FOUR_DIGIT_YEARS_FROM = -62_135_596_800L;

  private static final long FOUR_DIGIT_YEARS_UNTIL = 253_402_300_800L;

  /**
   * The instant as {@code 2026-04-08T10:30:01.123Z}. Written by hand for years 1 to 9999 (the
   * formatter's text, character for character; it took a few microseconds of every push line and
   * answer without C2), through the formatter for any other year.
   */
  public static String iso(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < FOUR_DIGIT_YEARS_FROM || seconds >= FOUR_DIGIT_YEARS_UNTIL) {
      return ISO.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    char[] out = "0000-00-00T00:00:00.000Z".toCharArray();
    digits(out, 0, 4, t.getYear());
    digits(out, 5, 2, t.getMonthValue());
    digits(out, 8, 2, t.getDayOfMonth());
    digits(out, 11, 2, t.getHour());
    digits(out, 14, 2, t.getMinute());
    digits(out, 17, 2, t.getSecond());
    digits(out, 20, 3, instant.getNano() / 1_000_000);
    return new String(out);
  }

  /** Writes {@code value} as {@code width} decimal digits ending at {@code at + width}. */
  private static void digits(char[] out, int at, int width, int value) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Parses an ISO-8601 instant (with {@code Z} or an offset), an ISO local date-time, or a SQLite
   * timestamp; local forms are read as UTC, as SQLite writes them.
   */
  public static Optional<Instant> parse(String text) {
    String s = text.trim();
    if (s.isEmpty() || s.length() > 64) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException ignored) {
      // not an offset form; try the local forms below
    }
    String local =
        s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    try {
      return Optional.of(LocalDateTime.parse(local).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
