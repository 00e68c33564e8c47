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

  /**
   * Instants from 1970 up to this (exclusive) are formatted by hand, the others by {@link #ISO}.
   */
  private static final long HAND_FORMAT_UNTIL =
      Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  /**
   * {@code 2026-04-08T10:30:01.123Z}, truncated to milliseconds. Every push line and event carries
   * one, so the common range is formatted by hand (a tenth of the formatter's time, the same text).
   */
  public static String iso(Instant instant) {
    long millis;
    try {
      millis = instant.toEpochMilli();
    } catch (ArithmeticException e) {
      millis = -1; // beyond what a long of milliseconds holds: the formatter's business
    }
    if (millis < 0 || millis > HAND_FORMAT_UNTIL) {
      return ISO.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(millis / 1000, 0, ZoneOffset.UTC);
    char[] c = "0000-00-00T00:00:00.000Z".toCharArray();
    digits(c, 0, t.getYear(), 4);
    digits(c, 5, t.getMonthValue(), 2);
    digits(c, 8, t.getDayOfMonth(), 2);
    digits(c, 11, t.getHour(), 2);
    digits(c, 14, t.getMinute(), 2);
    digits(c, 17, t.getSecond(), 2);
    digits(c, 20, (int) (millis % 1000), 3);
    return new String(c);
  }

  /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void digits(char[] c, int at, int value, int width) {
    int v = value;
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + v % 10);
      v /= 10;
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
