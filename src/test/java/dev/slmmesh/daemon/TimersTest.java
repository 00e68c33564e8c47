package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.store.StoreException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Which failures of a periodic job are the user's to fix (a warning) and which are errors. */
final class TimersTest {
  private static StoreException store(StoreException.Kind kind) {
    return new StoreException("write failed", new IOException("x"), kind);
  }

  @Test
  void aFullDiskOrAReadOnlyStoreIsTheUsersToFix() {
    assertThat(Timers.fixableByUser(store(StoreException.Kind.FULL))).isTrue();
    assertThat(Timers.fixableByUser(store(StoreException.Kind.READ_ONLY))).isTrue();
  }

  @Test
  void aDamagedStoreAnyOtherStoreFailureAndABugAreErrors() {
    assertThat(Timers.fixableByUser(store(StoreException.Kind.CORRUPT))).isFalse();
    assertThat(Timers.fixableByUser(store(StoreException.Kind.OTHER))).isFalse();
    assertThat(Timers.fixableByUser(new IllegalStateException("bug"))).isFalse();
  }
}
