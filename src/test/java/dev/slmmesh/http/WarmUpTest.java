package dev.slmmesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Set;
import org.junit.jupiter.api.Test;

class WarmUpTest {
  @Test
  void loadsTheServerClassesWithoutStartingAnyThread() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    assertThatCode(WarmUp::run).doesNotThrowAnyException();
    assertThat(System.getProperty(HttpApi.REFERENCES_PER_CACHE_LINE)).isEqualTo("16");
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> !before.contains(t) && t.getName().startsWith("http"))
        .isEmpty();
  }
}
