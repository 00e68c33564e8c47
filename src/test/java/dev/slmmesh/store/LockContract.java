package dev.slmmesh.store;

import static dev.slmmesh.store.StoreFixtures.T0;
import static dev.slmmesh.store.StoreFixtures.at;
import static dev.slmmesh.store.StoreFixtures.lock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.store.LockResult.Outcome;
import dev.slmmesh.wire.Lock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The lock part of the {@link Store} contract: refuse, renew, replace expired. Mixed into {@link
 * AbstractStoreContractTest}.
 */
interface LockContract {

  /** The store under test, fresh and empty for each test. */
  Store store();

  @Test
  default void grantsFreeLockAndRefusesOtherOwnerWhileUnexpired() {
    Lock mine = lock("/src/a.ts", "me", T0, Duration.ofMinutes(10));

    assertThat(store().locks().acquire(mine, T0)).isEqualTo(new LockResult(Outcome.ACQUIRED, mine));
    LockResult refused =
        store().locks().acquire(lock("/src/a.ts", "you", at(60), Duration.ofMinutes(10)), at(60));

    assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refused.granted()).isFalse();
    assertThat(refused.lock()).isEqualTo(mine);
  }

  @Test
  default void ownerRenewsKeepingOriginalLockTime() {
    store().locks().acquire(lock("/src/a.ts", "me", T0, Duration.ofMinutes(10)), T0);
    Lock again = new Lock("/src/a.ts", "me", at(120), at(1320), "still working");

    LockResult renewed = store().locks().acquire(again, at(120));

    Lock expected = new Lock("/src/a.ts", "me", T0, at(1320), "still working");
    assertThat(renewed).isEqualTo(new LockResult(Outcome.RENEWED, expected));
    assertThat(store().locks().active("/src/a.ts", at(120))).containsExactly(expected);
  }

  @Test
  default void renewalWithoutAReasonKeepsTheOriginalReason() {
    store().locks().acquire(new Lock("/src/a.ts", "me", T0, at(600), "refactor"), T0);

    LockResult renewed =
        store().locks().acquire(new Lock("/src/a.ts", "me", at(60), at(660), ""), at(60));

    Lock expected = new Lock("/src/a.ts", "me", T0, at(660), "refactor");
    assertThat(renewed.lock()).isEqualTo(expected);
    assertThat(store().locks().active("/src/a.ts", at(60))).containsExactly(expected);
  }

  @Test
  default void replacesLockExpiringExactlyNow() {
    store().locks().acquire(lock("/src/a.ts", "me", T0, Duration.ofMinutes(10)), T0);
    Instant expiry = T0.plus(Duration.ofMinutes(10));
    Lock yours = lock("/src/a.ts", "you", expiry, Duration.ofMinutes(10));

    assertThat(store().locks().acquire(yours, expiry))
        .isEqualTo(new LockResult(Outcome.ACQUIRED, yours));
    assertThat(store().locks().active(null, expiry)).containsExactly(yours);
  }

  @Test
  default void releasesOnlyForOwnerEvenWhenExpired() {
    store().locks().acquire(lock("/a", "me", T0, Duration.ofSeconds(1)), T0);

    assertThat(store().locks().release("/a", "you")).isFalse();
    assertThat(store().locks().release("/a", "me")).isTrue();
    assertThat(store().locks().release("/a", "me")).isFalse();
  }

  @Test
  default void listsOnlyUnexpiredLocksByPath() {
    store().locks().acquire(lock("/b", "me", T0, Duration.ofMinutes(10)), T0);
    store().locks().acquire(lock("/a", "you", T0, Duration.ofMinutes(10)), T0);
    store().locks().acquire(lock("/c", "me", T0, Duration.ofSeconds(30)), T0);
    Instant now = at(30);

    assertThat(store().locks().active(null, now))
        .extracting(Lock::filePath)
        .containsExactly("/a", "/b");
    assertThat(store().locks().active("/c", now)).isEmpty();
    assertThat(store().locks().active("/b", now)).extracting(Lock::lockedBy).containsExactly("me");
    assertThat(store().locks().deleteExpired(now)).isEqualTo(1);
    assertThat(store().locks().release("/c", "me")).isFalse();
  }

  @Test
  default void releasesAllLocksOfOneOwner() {
    store().locks().acquire(lock("/z", "me", T0, Duration.ofMinutes(10)), T0);
    store().locks().acquire(lock("/y", "you", T0, Duration.ofMinutes(10)), T0);
    store().locks().acquire(lock("/x", "me", T0, Duration.ofMinutes(10)), T0);

    assertThat(store().locks().releaseAllOf("me")).containsExactly("/x", "/z");
    assertThat(store().locks().releaseAllOf("me")).isEmpty();
    assertThat(store().locks().active(null, T0)).extracting(Lock::filePath).containsExactly("/y");
  }
}
