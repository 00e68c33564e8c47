package dev.slmmesh.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One-time codes, sessions and the Host rule, on a hand-moved clock. */
class LoginTest {
  private final MutableClock clock = MutableClock.at("2026-04-08T10:00:00Z");
  private final LoginCodes codes = new LoginCodes(clock);
  private final Sessions sessions = new Sessions(clock);

  @Test
  void aCodeLogsInOnceOnly() {
    String code = codes.mint();
    assertThat(code).hasSize(64);
    assertThat(codes.redeem(code)).isTrue();
    assertThat(codes.redeem(code)).isFalse();
  }

  @Test
  void aCodeExpiresAfterItsTtl() {
    String early = codes.mint();
    String late = codes.mint();
    clock.advance(LoginCodes.TTL.minusMillis(1));
    assertThat(codes.redeem(early)).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(codes.redeem(late)).isFalse();
  }

  @Test
  void unknownEmptyAndMissingCodesAreRefused() {
    codes.mint();
    assertThat(codes.redeem(null)).isFalse();
    assertThat(codes.redeem("")).isFalse();
    assertThat(codes.redeem("0".repeat(64))).isFalse();
  }

  @Test
  void newCodesPushOutTheOldestBeyondTheLimit() {
    List<String> minted = new ArrayList<>();
    for (int i = 0; i <= LoginCodes.MAX_OPEN; i++) {
      minted.add(codes.mint());
    }
    assertThat(codes.redeem(minted.get(0))).isFalse();
    assertThat(codes.redeem(minted.get(LoginCodes.MAX_OPEN))).isTrue();
  }

  @Test
  void aSessionIsFoundByItsIdUntilItExpiresOrCloses() {
    Sessions.Session s = sessions.open();
    assertThat(s.csrf()).isNotEqualTo(s.id()).hasSize(64);
    assertThat(sessions.find(s.id())).contains(s);
    assertThat(sessions.find(s.csrf())).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
    clock.advance(Sessions.LIFETIME);
    assertThat(sessions.find(s.id())).isEmpty();
    Sessions.Session t = sessions.open();
    sessions.close(t.id());
    assertThat(sessions.find(t.id())).isEmpty();
  }

  @Test
  void onlyLoopbackNamesWithThisPortAreAllowedHosts() {
    WebGuard guard = new WebGuard(() -> 7950);
    assertThat(guard.hostAllowed("127.0.0.1:7950")).isTrue();
    assertThat(guard.hostAllowed("LOCALHOST:7950")).isTrue();
    assertThat(guard.hostAllowed("[::1]:7950")).isTrue();
    assertThat(guard.hostAllowed("127.0.0.1:7951")).isFalse();
    assertThat(guard.hostAllowed("127.0.0.1")).isFalse();
    assertThat(guard.hostAllowed("attacker.example:7950")).isFalse();
    assertThat(guard.hostAllowed("localhost.attacker.example:7950")).isFalse();
    assertThat(guard.hostAllowed(null)).isFalse();
    assertThat(WebGuard.sameOrigin("http://127.0.0.1:7950", "127.0.0.1:7950")).isTrue();
    assertThat(WebGuard.sameOrigin("http://evil.example", "127.0.0.1:7950")).isFalse();
    assertThat(WebGuard.sameOrigin(null, "127.0.0.1:7950")).isFalse();
  }
}
