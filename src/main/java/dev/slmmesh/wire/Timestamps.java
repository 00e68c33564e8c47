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

  public static String iso(Instant instant) {
    return ISO.format(instant.truncatedTo(ChronoUnit.MILLIS));
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
