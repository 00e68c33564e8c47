package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentIdsTest {

  @Test
  void reportsDuplicatesAndForgetsAcknowledgedIds() {
    SentIds ids = new SentIds(10);

    assertThat(ids.add("m1")).isTrue();
    assertThat(ids.add("m1")).isFalse();
    assertThat(ids.remove("m1")).isTrue();
    assertThat(ids.remove("m1")).isFalse();
    assertThat(ids.add("m1")).isTrue();
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
