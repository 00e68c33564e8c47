package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentIdsTest {

  @Test
  void reportsDuplicatesAndKeepsAcknowledgedIds() {
    SentIds ids = new SentIds(10);

    assertThat(ids.add("m1")).isTrue();
    assertThat(ids.add("m1")).isFalse();
    assertThat(ids.acknowledge("m1")).isTrue();
    assertThat(ids.acknowledge("m1")).as("acknowledged before").isFalse();
    assertThat(ids.acknowledge("m2")).as("never sent").isFalse();
    assertThat(ids.add("m1"))
        .as("a refill before the store has the ack re-sends nothing")
        .isFalse();
  }

  @Test
  void forgetsTheOldestIdPastItsCapacity() {
    SentIds ids = new SentIds(2);
    ids.add("a");
    ids.add("b");

    ids.add("c");

    assertThat(ids.size()).isEqualTo(2);
    assertThat(ids.add("a")).as("evicted, so no longer a duplicate").isTrue();
    assertThat(ids.add("c")).isFalse();
  }
}
