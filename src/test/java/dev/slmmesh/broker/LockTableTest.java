package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.wire.Lock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockTableTest {
  private final BrokerFixture f = new BrokerFixture();
  private final LockTable locks = f.broker.locks();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void secondPeerIsRefusedWithHolderNameReasonAndMinutesLeft() {
    String a = f.register("alice");
    String b = f.register("bob");
    locks.lock("/repo/a.ts", a, null, "refactor", 10);
    f.clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(() -> locks.lock("/repo/a.ts", b, null, "", 10))
        .hasMessage("File locked by alice, reason: refactor. Expires in 9 minutes.");
  }

  @Test
  void differentSpellingsOfOnePathAreOneLock() {
    String a = f.register("alice");
    String b = f.register("bob");
    locks.lock("/repo/src/../a.ts", a, null, "", 10);
    assertThatThrownBy(() -> locks.lock("a.ts", b, null, "", 10))
        .hasMessageStartingWith("File locked by alice");
    assertThat(locks.query("/repo/./a.ts", null))
        .extracting(Lock::filePath)
        .containsExactly("/repo/a.ts");
  }

  @Test
  void ownerRenewsInsteadOfBeingRefused() {
    String a = f.register("alice");
    locks.lock("/repo/a.ts", a, null, "", 10);
    f.clock.advance(Duration.ofMinutes(9));
    var reply = locks.lock("/repo/a.ts", a, null, "still going", 10);
    assertThat(reply.renewed()).isTrue();
    assertThat(reply.lock().expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(10)));
  }

  @Test
  void expiredLocksVanishFromQueriesByInstantAndCanBeTaken() {
    String a = f.register("alice");
    String b = f.register("bob");
    locks.lock("/repo/a.ts", a, null, "", 1);
    f.clock.advance(Duration.ofSeconds(59));
    assertThat(locks.query(null, null)).hasSize(1);
    f.clock.advance(Duration.ofSeconds(1));
    assertThat(locks.query(null, null)).isEmpty();
    assertThat(locks.lock("/repo/a.ts", b, null, "", 1).lock().lockedBy()).isEqualTo(b);
  }

  @Test
  void ttlMustBePositiveAndAtMostADay() {
    String a = f.register("alice");
    for (double bad : new double[] {0, -5, 1441, 1e300}) {
      assertThatThrownBy(() -> locks.lock("/repo/a.ts", a, null, "", bad))
          .hasMessage("ttlMinutes must be a number greater than 0 and at most 1440");
    }
  }

  @Test
  void onlyTheOwnerUnlocksAndACredentialProvesOwnership() {
    String[] a = f.registerSecured("alice", false);
    String b = f.register("bob");
    locks.lock("/repo/a.ts", a[0], a[1], "", 10);
    assertThatThrownBy(() -> locks.unlock("/repo/a.ts", b, null))
        .hasMessage("Lock not found or not owned by you");
    assertThatThrownBy(() -> locks.unlock("/repo/a.ts", a[0], null))
        .hasMessageStartingWith("Invalid or missing credential");
    locks.unlock("/repo/a.ts", a[0], a[1]);
    assertThat(locks.query(null, null)).isEmpty();
  }
}
