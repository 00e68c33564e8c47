package dev.slmmesh.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Instants as stored: INTEGER epoch milliseconds. Conversion saturates instead of overflowing, so
 * an absurd instant (a lock that "never" expires) is stored as the largest value, not an error.
 */
final class Millis {
  private Millis() {}

  static long of(Instant instant) {
    try {
      return instant.toEpochMilli();
    } catch (ArithmeticException tooFar) {
      return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * The smallest stored value not before {@code instant}: {@code stored < ceil(t)} holds exactly
   * when the stored instant is before {@code t}, even if {@code t} has a sub-millisecond part.
   */
  static long ceil(Instant instant) {
    long floor = of(instant);
    boolean fraction = instant.getNano() % 1_000_000 != 0;
    return fraction && floor != Long.MAX_VALUE ? floor + 1 : floor;
  }

  /** The instant as it reads back after a round trip through the store. */
  static Instant stored(Instant instant) {
    return Instant.ofEpochMilli(of(instant));
  }

  static Instant read(ResultSet row, String column) throws SQLException {
    return Instant.ofEpochMilli(row.getLong(column));
  }

  static @Nullable Instant readNullable(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : Instant.ofEpochMilli(value);
  }
}
