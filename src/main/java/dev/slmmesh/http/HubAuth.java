package dev.slmmesh.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.HubProof;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub side of the shared-secret handshake (docs/multi-machine.md): checks a client's proof
 * (HMAC over this hub's certificate fingerprint and the client's nonce), answers with the hub's
 * proof and a random session token that authorizes later requests and the push WebSocket. Failed
 * proofs are limited per remote address; a nonce is accepted once. Thread-safe.
 */
public final class HubAuth {
  static final int MAX_FAILURES = 5;
  static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);
  static final Duration SESSION_TTL = Duration.ofHours(12);
  static final int MAX_SESSIONS = 10_000;
  static final int MAX_NONCES = 100_000;
  static final String REFUSED =
      "Shared secret refused: this hub has a different SLM_MESH_SHARED_SECRET (or the connection"
          + " is intercepted); set the same secret on every machine";
  private static final Pattern HEX = Pattern.compile("^[0-9a-f]{32,128}$");
  private static final Logger LOG = LoggerFactory.getLogger(HubAuth.class);

  private final HubProof proof;
  private final String fingerprint;
  private final String machineId;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
  private final Map<String, Boolean> usedNonces = new LinkedHashMap<>();

  public HubAuth(HubProof proof, String fingerprint, String machineId, Clock clock) {
    this.proof = proof;
    this.fingerprint = fingerprint;
    this.machineId = machineId;
    this.clock = clock;
  }

  /**
   * Handles {@code POST /mesh/auth} from {@code address}: a reply with the session, or a
   * BrokerException with status 401 (wrong proof), 429 (too many failures) or 400 (malformed).
   */
  /** The answer of a proof that held: the session token and the hub's own proof. */
  @JsonPropertyOrder({"ok", "session", "hubProof", "machineId", "expiresInMs"})
  record Granted(
      @JsonProperty("session") String session,
      @JsonProperty("hubProof") String hubProof,
      @JsonProperty("machineId") String machineId,
      @JsonProperty("expiresInMs") long expiresInMs)
      implements Answer {}

  Granted authenticate(String address, JsonBody body) {
    Instant now = clock.instant();
    long wait = blockedFor(address, now);
    if (wait > 0) {
      throw new BrokerException(
          429,
          "Too many failed shared-secret proofs from " + address + "; try again in " + wait + " s");
    }
    String nonce = body.optional("clientNonce");
    String given = body.optional("proof");
    if (nonce == null || given == null || !HEX.matcher(nonce).matches()) {
      throw new BrokerException(
          400, "clientNonce (32..128 lower-case hex digits) and proof are required");
    }
    if (!HubProof.same(proof.clientProof(fingerprint, nonce), given) || !firstUse(nonce)) {
      fail(address, now);
      LOG.warn("Refused a shared-secret proof from {}", address);
      throw new BrokerException(401, REFUSED);
    }
    String session = newSession(now);
    LOG.info("Remote client {} authenticated", address);
    return new Granted(
        session, proof.hubProof(fingerprint, nonce), machineId, SESSION_TTL.toMillis());
  }

  /** True when {@code authorization} is {@code Bearer <a live session token>}. */
  boolean admits(@Nullable String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    Instant expires = sessions.get(authorization.substring("Bearer ".length()));
    return expires != null && clock.instant().isBefore(expires);
  }

  private String newSession(Instant now) {
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(expiry -> !now.isBefore(expiry));
      if (sessions.size() >= MAX_SESSIONS) {
        // still full of live sessions: the oldest-expiring go first
        sessions.entrySet().stream()
            .sorted(Map.Entry.comparingByValue())
            .limit(MAX_SESSIONS / 10)
            .map(Map.Entry::getKey)
            .toList()
            .forEach(sessions::remove);
      }
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    sessions.put(token, now.plus(SESSION_TTL));
    return token;
  }

  private synchronized boolean firstUse(String nonce) {
    if (usedNonces.put(nonce, Boolean.TRUE) != null) {
      return false;
    }
    if (usedNonces.size() > MAX_NONCES) {
      Iterator<String> oldest = usedNonces.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  private long blockedFor(String address, Instant now) {
    Deque<Instant> recent = failures.get(address);
    if (recent == null) {
      return 0;
    }
    synchronized (recent) {
      Instant cutoff = now.minus(FAILURE_WINDOW);
      while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
        recent.pollFirst();
      }
      if (recent.size() < MAX_FAILURES) {
        return 0;
      }
      return Math.max(
          1, Duration.between(now, recent.peekFirst().plus(FAILURE_WINDOW)).toSeconds());
    }
  }

  private void fail(String address, Instant now) {
    if (failures.size() > MAX_SESSIONS) {
      failures.clear(); // an address flood: forgetting old counts is the bounded choice
    }
    Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (recent) {
      recent.addLast(now);
    }
  }
}
