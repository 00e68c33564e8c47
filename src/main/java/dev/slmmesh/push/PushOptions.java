package dev.slmmesh.push;

import dev.slmmesh.base.Backoff;
import java.time.Duration;

/**
 * Tuning of {@link PushHub}. The defaults suit the broker; tests shrink the backoff and budgets.
 *
 * @param ioThreads selector threads ({@code push-io-N}); a peer always stays on one of them
 * @param backoff reconnect schedule
 * @param maxPendingLines per-peer budget of lines queued or being written
 * @param maxPendingBytes per-peer budget of bytes queued or being written
 * @param connectTimeout how long a connect may stay in progress (the original's 2 s)
 * @param flushTimeout how long {@code close()} waits for the shutdown lines to be written
 * @param callbackQueue bound of the delivery-callback queue
 * @param sentIdsPerLink how many message ids a connection remembers for de-duplication
 */
record PushOptions(
    int ioThreads,
    Backoff backoff,
    int maxPendingLines,
    long maxPendingBytes,
    Duration connectTimeout,
    Duration flushTimeout,
    int callbackQueue,
    int sentIdsPerLink) {

  static final PushOptions DEFAULT =
      new PushOptions(
          1,
          Backoff.DEFAULT,
          10_000,
          4L << 20,
          Duration.ofSeconds(2),
          Duration.ofSeconds(1),
          10_000,
          16_384);

  PushOptions {
    positive("ioThreads", ioThreads);
    positive("maxPendingLines", maxPendingLines);
    positive("maxPendingBytes", maxPendingBytes);
    positive("callbackQueue", callbackQueue);
    positive("sentIdsPerLink", sentIdsPerLink);
    positive("connectTimeout", connectTimeout.toMillis());
    positive("flushTimeout", flushTimeout.toMillis());
  }

  PushOptions withIoThreads(int threads) {
    return new PushOptions(
        threads,
        backoff,
        maxPendingLines,
        maxPendingBytes,
        connectTimeout,
        flushTimeout,
        callbackQueue,
        sentIdsPerLink);
  }

  PushOptions withBackoff(Backoff schedule) {
    return new PushOptions(
        ioThreads,
        schedule,
        maxPendingLines,
        maxPendingBytes,
        connectTimeout,
        flushTimeout,
        callbackQueue,
        sentIdsPerLink);
  }

  PushOptions withPendingLimits(int lines, long bytes) {
    return new PushOptions(
        ioThreads,
        backoff,
        lines,
        bytes,
        connectTimeout,
        flushTimeout,
        callbackQueue,
        sentIdsPerLink);
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
