package dev.slmmesh.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The two latency probes. Direct: sequential {@code /send}s between the mesh's peers, each timed
 * from the moment the request is written until the target's socket has read the push. Broadcast:
 * {@code /send} to {@code all} from peer 0, timed until the last of the others has read its push.
 * One request is in flight at a time, so each sample is one message's own path through the broker.
 */
final class Latency {
  /** Message text after the sequence number: a short agent message of about 80 bytes. */
  static final String FILLER =
      "-status-update-build-green-tests-passed-please-review-the-auth-change";

  private static final long PUSH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * Samples of one probe in nanoseconds, with failures counted apart; {@code reply}: until the
   * {@code /send} reply was read (the sender's broker has committed), direct messages only.
   */
  record Samples(Percentiles latency, Percentiles reply, int errors, int lost) {}

  private Latency() {}

  /** {@code sends} direct messages among the first {@code peers} peers of the mesh. */
  static Samples direct(Mesh mesh, int peers, int sends, String tag) throws IOException {
    return direct(mesh, mesh, peers, sends, tag);
  }

  /**
   * {@code sends} direct messages from the first {@code peers} peers of {@code senders}, sent
   * through their broker, to the first {@code peers} peers of {@code recipients}, timed until the
   * recipient's socket (on the recipients' broker, which may be another one) has read the push.
   */
  static Samples direct(Mesh senders, Mesh recipients, int peers, int sends, String tag)
      throws IOException {
    PushWaiter waiter = new PushWaiter();
    recipients.host().sink(waiter);
    long[] samples = new long[sends];
    long[] replies = new long[sends];
    int n = 0;
    int errors = 0;
    int lost = 0;
    try (HttpConn c = senders.broker().connect()) {
      for (int k = 0; k < sends; k++) {
        int from = k % peers;
        int to = (from + 1 + (k / peers) % (peers - 1)) % peers;
        String text = tag + k + FILLER;
        byte[] request =
            c.request("POST", "/send", Mesh.sendBody(senders.id(from), recipients.id(to), text));
        waiter.expect(text, 1);
        c.write(request);
        if (!c.read().ok()) {
          errors++;
          continue;
        }
        long replied = System.nanoTime() - c.lastWriteNanos();
        long arrival = waiter.await(PUSH_TIMEOUT_NANOS);
        if (arrival < 0) {
          lost++;
        } else {
          replies[n] = replied;
          samples[n++] = arrival - c.lastWriteNanos();
        }
      }
    } finally {
      recipients.host().sink(null);
    }
    return new Samples(new Percentiles(samples, n), new Percentiles(replies, n), errors, lost);
  }

  /** {@code sends} broadcasts from peer 0 to the other {@code mesh.size() - 1} peers. */
  static Samples broadcast(Mesh mesh, int sends, String tag) throws IOException {
    PushWaiter waiter = new PushWaiter();
    mesh.host().sink(waiter);
    int others = mesh.size() - 1;
    long[] samples = new long[sends];
    int n = 0;
    int errors = 0;
    int lost = 0;
    try (HttpConn c = mesh.broker().connect()) {
      for (int k = 0; k < sends; k++) {
        String text = tag + k + FILLER;
        byte[] request = c.request("POST", "/send", Mesh.sendBody(mesh.id(0), "all", text));
        waiter.expect(text, others);
        c.write(request);
        if (!c.read().ok()) {
          errors++;
          continue;
        }
        long arrival = waiter.await(PUSH_TIMEOUT_NANOS);
        if (arrival < 0) {
          lost++;
        } else {
          samples[n++] = arrival - c.lastWriteNanos();
        }
      }
    } finally {
      mesh.host().sink(null);
    }
    return new Samples(new Percentiles(samples, n), new Percentiles(new long[0], 0), errors, lost);
  }

  static double micros(long nanos) {
    return nanos / 1_000.0;
  }

  /** {@code count} sequential {@code GET /health} round trips: the floor any request pays. */
  static Percentiles health(Mesh mesh, int count) throws IOException {
    long[] samples = new long[count];
    int n = 0;
    try (HttpConn c = mesh.broker().connect()) {
      byte[] request = c.request("GET", "/health", null);
      for (int k = 0; k < count; k++) {
        c.write(request);
        if (c.read().status() == 200) {
          samples[n++] = System.nanoTime() - c.lastWriteNanos();
        }
      }
    }
    return new Percentiles(samples, n);
  }
}
