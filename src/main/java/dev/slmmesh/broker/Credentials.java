package dev.slmmesh.broker;

import dev.slmmesh.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Per-peer credentials: 32 random bytes issued at registration when asked for, stored only as a
 * SHA-256 hash, compared in constant time. A peer that holds one cannot be acted for without it; a
 * peer without one (the original's clients) keeps the original's open behaviour.
 */
public final class Credentials {
  public static final String INVALID = "Invalid or missing credential for peer ";
  private final Store store;
  private final SecureRandom random = new SecureRandom();

  public Credentials(Store store) {
    this.store = store;
  }

  /** Issues a fresh credential for {@code peerId}, replacing any earlier one. */
  public String issue(String peerId) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String credential = HexFormat.of().formatHex(secret);
    store.peers().saveCredential(peerId, hash(credential));
    return credential;
  }

  /** Throws unless {@code peerId} has no credential or {@code presented} is it. */
  public void verify(String peerId, @Nullable String presented) {
    if (!matches(peerId, presented)) {
      throw new BrokerException(INVALID + peerId);
    }
  }

  public boolean matches(String peerId, @Nullable String presented) {
    Optional<String> expected = store.peers().credentialHash(peerId);
    if (expected.isEmpty()) {
      return true;
    }
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.get().getBytes(StandardCharsets.US_ASCII),
        hash(presented).getBytes(StandardCharsets.US_ASCII));
  }

  public boolean exists(String peerId) {
    return store.peers().credentialHash(peerId).isPresent();
  }

  public void forget(String peerId) {
    store.peers().deleteCredential(peerId);
  }

  static String hash(String credential) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
