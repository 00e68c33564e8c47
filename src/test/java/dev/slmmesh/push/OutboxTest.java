package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {

  private static Frame frame(int size) {
    return new Frame(new byte[size], null);
  }

  @Test
  void dropsEverythingAfterADropUntilTheQueueHasDrained() {
    Outbox outbox = new Outbox("p", 2, 1_000);

    assertThat(outbox.offer(frame(10))).isTrue();
    assertThat(outbox.offer(frame(10))).isTrue();
    assertThat(outbox.offer(frame(10))).isFalse();
    List<Frame> drained = new ArrayList<>();
    outbox.drainTo(drained, 10);
    assertThat(outbox.offer(frame(10))).as("drained frames stay in the budget").isFalse();

    outbox.release(1, 10);

    assertThat(outbox.offer(frame(10)))
        .as("room again, but a later frame must not overtake a dropped one")
        .isFalse();
    assertThat(outbox.endOverflowIfDrained()).as("a frame is still being written").isFalse();
    outbox.release(1, 10);
    assertThat(outbox.endOverflowIfDrained()).isTrue();
    assertThat(outbox.endOverflowIfDrained()).as("once per episode").isFalse();
    assertThat(outbox.offer(frame(10))).isTrue();
    assertThat(outbox.dropped()).isEqualTo(3);
    assertThat(outbox.pendingBytes()).isEqualTo(10);
  }

  @Test
  void enforcesTheByteBudgetAndCountsDropsInTheSharedTotal() {
    java.util.concurrent.atomic.LongAdder total = new java.util.concurrent.atomic.LongAdder();
    Outbox outbox = new Outbox("p", 100, 25, total);

    assertThat(outbox.offer(frame(20))).isTrue();
    assertThat(outbox.offer(frame(6))).isFalse();
    assertThat(outbox.offer(frame(5))).as("after a drop").isFalse();
    assertThat(outbox.pendingBytes()).isEqualTo(20);
    assertThat(total.sum()).isEqualTo(2);
  }

  @Test
  void clearDiscardsEverythingAndResetsTheBudget() {
    Outbox outbox = new Outbox("p", 1, 100);
    outbox.offer(frame(10));

    outbox.clear();

    assertThat(outbox.hasQueued()).isFalse();
    assertThat(outbox.pendingBytes()).isZero();
    assertThat(outbox.offer(frame(10))).isTrue();
  }

  @Test
  void offerAlwaysIgnoresTheBudgetAndKeepsOrder() {
    Outbox outbox = new Outbox("p", 1, 100);
    Frame first = frame(1);
    Frame last = frame(2);
    outbox.offer(first);

    outbox.offerAlways(last);

    List<Frame> drained = new ArrayList<>();
    assertThat(outbox.drainTo(drained, 10)).isEqualTo(2);
    assertThat(drained).containsExactly(first, last);
  }
}
