package dev.slmmesh.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/** A clock that reads another one and adds an offset that may change (the server's clock). */
final class OffsetClock extends Clock {
  private final Clock base;
  private final LongSupplier offsetMillis;

  OffsetClock(Clock base, LongSupplier offsetMillis) {
    this.base = base;
    this.offsetMillis = offsetMillis;
  }

  @Override
  public Instant instant() {
    return base.instant().plusMillis(offsetMillis.getAsLong());
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new OffsetClock(base.withZone(zone), offsetMillis);
  }
}
