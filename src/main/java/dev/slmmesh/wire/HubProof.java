package dev.slmmesh.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared-secret handshake between a client and a hub (docs/multi-machine.md): both sides derive
 * a key from the secret once (PBKDF2, so a captured proof is expensive to guess from), then prove
 * knowledge of it with HMACs bound to the hub's TLS certificate fingerprint and a client nonce. The
 * secret itself never crosses the network, and a proof made for one certificate is worthless
 * against another, which defeats a man in the middle with his own certificate.
 */
public final class HubProof {
  /** {@code POST} path of the handshake on the hub's TLS port. */
  public static final String AUTH_PATH = "/mesh/auth";

  /** WebSocket path for push on the hub's TLS port. */
  public static final String PUSH_PATH = "/mesh/push";

  private static final byte[] SALT = "slm-mesh/hub-proof/v1".getBytes(StandardCharsets.UTF_8);
  private static final int ITERATIONS = 60_000;

  private final SecretKeySpec key;

  private HubProof(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /**
   * Derives the proof key from the shared secret (tens of milliseconds: do it once per process).
   */
  public static HubProof fromSecret(String secret) {
    try {
      PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), SALT, ITERATIONS, 256);
      byte[] derived =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      spec.clearPassword();
      return new HubProof(derived);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by every Java platform", e);
    }
  }

  /** What the client sends: proves the secret to the hub whose certificate it sees. */
  public String clientProof(String fingerprint, String clientNonce) {
    return hmac("client|" + fingerprint + "|" + clientNonce);
  }

  /** What the hub answers: proves the secret back, for the same certificate and nonce. */
  public String hubProof(String fingerprint, String clientNonce) {
    return hmac("hub|" + fingerprint + "|" + clientNonce);
  }

  /** Constant-time comparison of two hex proofs. */
  public static boolean same(String expected, String given) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
  }

  /** Lower-case hex SHA-256 of the certificate's DER encoding. */
  public static String fingerprint(Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private String hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "HubProof[key hidden]";
  }
}
