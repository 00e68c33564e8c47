package dev.slmmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the hub handshake, computed independently of {@link HubProof} by Python's
 * standard library (hashlib.pbkdf2_hmac and hmac): key = PBKDF2-HMAC-SHA256(secret, salt
 * "slm-mesh/hub-proof/v1", 60,000 iterations, 32 bytes); client proof = hex HMAC-SHA256(key,
 * "client|" + fingerprint + "|" + nonce); hub proof likewise with "hub|". A change to either side
 * of the protocol breaks compatibility with deployed clients and fails here.
 */
class HubProofKnownAnswerTest {
  private static final String SECRET = "correct horse battery staple 42";
  private static final String FINGERPRINT = "3f".repeat(32);
  private static final String NONCE = "0123456789abcdef".repeat(2);
  private static final String PYTHON =
      "import hashlib, hmac, sys\n"
          + "key = hashlib.pbkdf2_hmac('sha256', sys.argv[1].encode(), b'slm-mesh/hub-proof/v1', 60000, 32)\n"
          + "for side in ('client', 'hub'):\n"
          + "    print(hmac.new(key, (side + '|' + sys.argv[2] + '|' + sys.argv[3]).encode(), hashlib.sha256).hexdigest())\n";

  @Test
  void proofsMatchAnIndependentImplementation() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python)) {
      System.out.println("HubProofKnownAnswerTest skipped: no /usr/bin/python3 (CI installs it)");
      Assumptions.abort("no python3");
    }
    Process p =
        new ProcessBuilder(List.of(python.toString(), "-c", PYTHON, SECRET, FINGERPRINT, NONCE))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> lines = out.strip().lines().toList();
    assertThat(lines).as(out).hasSize(2);

    HubProof proof = HubProof.fromSecret(SECRET);
    assertThat(proof.clientProof(FINGERPRINT, NONCE)).isEqualTo(lines.get(0));
    assertThat(proof.hubProof(FINGERPRINT, NONCE)).isEqualTo(lines.get(1));
  }
}
