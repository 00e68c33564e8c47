package dev.slmmesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.testkit.MutableClock;
import dev.slmmesh.wire.HubProof;
import dev.slmmesh.wire.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HubAuthTest {
  private static final String FP = "ab".repeat(32);
  private static final HubProof RIGHT = HubProof.fromSecret("the right secret, 32 characters");
  private static final HubProof WRONG = HubProof.fromSecret("a wrong secret of some length");
  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
  private final HubAuth auth = new HubAuth(RIGHT, FP, "machine-1", clock);

  private static JsonBody attempt(HubProof proof, String nonce) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("clientNonce", nonce);
    n.put("proof", proof.clientProof(FP, nonce));
    return new JsonBody(n);
  }

  private static String nonce(int i) {
    return String.format("%032x", i);
  }

  @Test
  void aRightProofGetsASessionAndTheHubsProofForTheSameCertificate() {
    HubAuth.Granted r = auth.authenticate("10.0.0.2", attempt(RIGHT, nonce(1)));
    String session = r.session();
    assertThat(r.hubProof()).isEqualTo(RIGHT.hubProof(FP, nonce(1)));
    assertThat(auth.admits("Bearer " + session)).isTrue();
    assertThat(auth.admits("Bearer " + "0".repeat(64))).isFalse();
    assertThat(auth.admits(null)).isFalse();
    clock.advance(HubAuth.SESSION_TTL);
    assertThat(auth.admits("Bearer " + session)).isFalse();
  }

  @Test
  void aProofMadeForAnotherCertificateOrReplayedIsRefused() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("clientNonce", nonce(2));
    n.put("proof", RIGHT.clientProof("cd".repeat(32), nonce(2)));
    assertThatThrownBy(() -> auth.authenticate("10.0.0.2", new JsonBody(n)))
        .isInstanceOf(BrokerException.class)
        .hasMessage(HubAuth.REFUSED);
    auth.authenticate("10.0.0.3", attempt(RIGHT, nonce(3)));
    assertThatThrownBy(() -> auth.authenticate("10.0.0.3", attempt(RIGHT, nonce(3))))
        .hasMessage(HubAuth.REFUSED);
  }

  @Test
  void failedProofsAreLimitedPerAddressForAMinute() {
    for (int i = 0; i < HubAuth.MAX_FAILURES; i++) {
      int n = i;
      assertThatThrownBy(() -> auth.authenticate("10.0.0.9", attempt(WRONG, nonce(100 + n))))
          .satisfies(e -> assertThat(((BrokerException) e).status()).isEqualTo(401));
    }
    assertThatThrownBy(() -> auth.authenticate("10.0.0.9", attempt(RIGHT, nonce(200))))
        .hasMessage("Too many failed shared-secret proofs from 10.0.0.9; try again in 60 s")
        .satisfies(e -> assertThat(((BrokerException) e).status()).isEqualTo(429));
    // another address is not affected
    assertThat(auth.authenticate("10.0.0.8", attempt(RIGHT, nonce(201))).session()).isNotBlank();
    clock.advance(HubAuth.FAILURE_WINDOW.plus(Duration.ofSeconds(1)));
    assertThat(auth.authenticate("10.0.0.9", attempt(RIGHT, nonce(202))).session()).isNotBlank();
  }

  @Test
  void attemptsWhileBlockedDoNotProlongTheBlockSoANatIsLockedOutAMinuteAtMost() {
    for (int i = 0; i < HubAuth.MAX_FAILURES; i++) {
      int n = i;
      assertThatThrownBy(() -> auth.authenticate("203.0.113.7", attempt(WRONG, nonce(300 + n))));
    }
    // the attacker behind the NAT keeps trying: refused with 429, and not counted
    for (int i = 0; i < 50; i++) {
      int n = i;
      clock.advance(Duration.ofSeconds(1));
      assertThatThrownBy(() -> auth.authenticate("203.0.113.7", attempt(WRONG, nonce(400 + n))))
          .satisfies(e -> assertThat(((BrokerException) e).status()).isEqualTo(429));
    }
    clock.advance(HubAuth.FAILURE_WINDOW.minus(Duration.ofSeconds(49)));
    // a colleague behind the same address gets in a minute after the fifth failure
    assertThat(auth.authenticate("203.0.113.7", attempt(RIGHT, nonce(500))).session()).isNotBlank();
  }

  @Test
  void malformedRequestsAreA400() {
    assertThatThrownBy(() -> auth.authenticate("10.0.0.2", JsonBody.EMPTY))
        .satisfies(e -> assertThat(((BrokerException) e).status()).isEqualTo(400));
  }
}
