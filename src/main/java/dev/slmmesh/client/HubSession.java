package dev.slmmesh.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.HubProof;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's authenticated connection to a hub (docs/multi-machine.md): TLS pinned to the hub's
 * certificate, the shared-secret handshake on {@code /mesh/auth} (the client proves the secret for
 * the certificate it sees, the hub proves it back), then the API routes with the session token. A
 * 401 (the hub restarted and forgot the session) re-runs the handshake once. With several hubs
 * listed ({@link HubChoice}), a hub that cannot be reached or times out is left for the next one:
 * the failing call still throws, the next call authenticates with the next hub, and {@link #moves}
 * counts the moves so that the session registers again there with its id and credential.
 * Thread-safe.
 */
public final class HubSession {
  private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(HubSession.class);

  private final HubChoice hubs;
  private final HubProof proof;
  private final KnownHubs known;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger moves = new AtomicInteger();
  private volatile @Nullable Authenticated current;

  private record Authenticated(HubAddress hub, String token, String fingerprint, SSLContext tls) {}

  public HubSession(
      HubAddress hub,
      HubProof proof,
      KnownHubs known,
      Duration connectTimeout,
      Duration readTimeout) {
    this(List.of(hub), Clock.systemUTC(), proof, known, connectTimeout, readTimeout);
  }

  /** A session that moves along {@code hubs}, in order, when its hub stops answering. */
  public HubSession(
      List<HubAddress> hubs,
      Clock clock,
      HubProof proof,
      KnownHubs known,
      Duration connectTimeout,
      Duration readTimeout) {
    this.hubs = new HubChoice(hubs, clock);
    this.proof = proof;
    this.known = known;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
  }

  /** The hub in use now. */
  public HubAddress address() {
    return hubs.current();
  }

  /** How many times this session moved to another hub. */
  public int moves() {
    return moves.get();
  }

  /**
   * The hub in use stopped answering by another sign than a failed request (its push connection
   * stays down): move to the next listed hub, if there is one.
   */
  public void leave(String reason) {
    moveOn(hubs.current(), reason);
  }

  private void moveOn(HubAddress failed, String reason) {
    Optional<HubAddress> next = hubs.failed(failed);
    if (next.isPresent()) {
      current = null;
      moves.incrementAndGet();
      LOG.warn(
          "Hub {} stopped answering ({}); moving to hub {}",
          failed.authority(),
          reason,
          next.get().authority());
    }
  }

  /** POSTs a JSON body to an API route; the answer must be a JSON object. */
  public ObjectNode post(String path, JsonNode body) {
    return call(
        "POST",
        path,
        Json.MAPPER.valueToTree(body).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public ObjectNode get(String path) {
    return call("GET", path, null);
  }

  /** The session token, running the handshake first if there is none. */
  public String token() {
    return authenticated().token();
  }

  /** TLS pinned to the authenticated hub certificate (for the push WebSocket). */
  public SSLContext tls() {
    return authenticated().tls();
  }

  public String fingerprint() {
    return authenticated().fingerprint();
  }

  /** Forgets the session (after the hub refused it); the next call authenticates again. */
  public void invalidate(String token) {
    Authenticated a = current;
    if (a != null && a.token().equals(token)) {
      current = null;
    }
  }

  private ObjectNode call(String method, String path, byte @Nullable [] body) {
    Authenticated a = authenticated();
    Answer answer = exchange(a, method, path, body);
    if (answer.status() == 401) {
      invalidate(a.token());
      answer = exchange(authenticated(), method, path, body);
    }
    if (!(answer.json() instanceof ObjectNode)) {
      throw new HubException(
          "hub "
              + a.hub().authority()
              + " answered "
              + path
              + " with HTTP "
              + answer.status()
              + " and no JSON object",
          false);
    }
    return (ObjectNode) answer.json();
  }

  private synchronized Authenticated authenticated() {
    Authenticated a = current;
    if (a == null) {
      a = handshakeAny();
      current = a;
    }
    return a;
  }

  /**
   * The handshake with the hub in use; if that hub cannot be reached, with each next listed hub in
   * turn (at most one round), so that a call succeeds while any listed hub answers: nothing was
   * sent to an unreachable hub, so trying another is safe. A refusal (wrong secret, changed
   * certificate) is not a reason to try another hub and ends the call, as does the pause after a
   * whole round failed.
   */
  private Authenticated handshakeAny() {
    HubException last = null;
    for (int tried = 0; tried < hubs.all().size(); tried++) {
      HubAddress hub = hubs.current();
      try {
        return handshake();
      } catch (HubException e) {
        if (e.refused() || hubs.current().equals(hub)) {
          throw e;
        }
        last = e;
      }
    }
    HubException e = Objects.requireNonNull(last);
    throw new HubException(
        "no hub listed in SLM_MESH_PEER_URL answers ("
            + String.join(", ", hubs.all().stream().map(HubAddress::authority).toList())
            + "); the last: "
            + e.getMessage(),
        e);
  }

  private Authenticated handshake() {
    HubAddress hub = hubs.current();
    Duration wait = hubs.waitBeforeTrying();
    if (!wait.isZero()) {
      throw new HubException(
          "no listed hub answers; trying hub "
              + hub.authority()
              + " again in "
              + wait.toMillis()
              + " ms",
          new java.net.ConnectException("every listed hub failed"));
    }
    String pinned = known.fingerprint(hub).orElse(null);
    SSLContext tls = PinnedTrust.context(pinned, known.file().toString());
    byte[] nonceBytes = new byte[32];
    random.nextBytes(nonceBytes);
    String nonce = HexFormat.of().formatHex(nonceBytes);
    HttpsURLConnection c = open(hub, tls, HubProof.AUTH_PATH, "POST", null);
    try {
      c.setDoOutput(
          true); // before connect(): the body can only be built once the certificate is seen
      c.connect();
      Certificate[] chain = c.getServerCertificates();
      String seen = HubProof.fingerprint(chain[0]);
      ObjectNode request = Json.MAPPER.createObjectNode();
      request.put("clientNonce", nonce);
      request.put("proof", proof.clientProof(seen, nonce));
      try (OutputStream out = c.getOutputStream()) {
        out.write(request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      Answer answer = read(c);
      JsonNode json = answer.json();
      String error = json == null ? null : json.path("error").textValue();
      if (answer.status() == 401 || answer.status() == 429) {
        throw new HubException("hub " + hub.authority() + " refused: " + error, true);
      }
      String session = json == null ? null : json.path("session").textValue();
      String hubProof = json == null ? null : json.path("hubProof").textValue();
      if (answer.status() != 200 || session == null || hubProof == null) {
        throw new HubException(
            "hub " + hub.authority() + " handshake failed (HTTP " + answer.status() + "): " + error,
            false);
      }
      if (!HubProof.same(proof.hubProof(seen, nonce), hubProof)) {
        throw new HubException(
            "hub "
                + hub.authority()
                + " did not prove the shared secret for its certificate: a different"
                + " secret, or someone is intercepting the connection",
            true);
      }
      known.remember(hub, seen);
      hubs.answered(hub);
      return new Authenticated(
          hub, session, seen, PinnedTrust.context(seen, known.file().toString()));
    } catch (javax.net.ssl.SSLHandshakeException e) {
      // a changed certificate will not change back by retrying: report it as a refusal
      throw new HubException(
          "TLS with hub " + hub.authority() + " failed: " + rootMessage(e), pinned != null);
    } catch (IOException e) {
      moveOn(hub, rootMessage(e));
      throw new HubException("cannot reach hub " + hub.authority() + ": " + e.getMessage(), e);
    } finally {
      c.disconnect();
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  private HttpsURLConnection open(
      HubAddress hub, SSLContext tls, String path, String method, @Nullable String token) {
    try {
      HttpsURLConnection c = (HttpsURLConnection) hub.https(path).toURL().openConnection();
      c.setSSLSocketFactory(tls.getSocketFactory());
      // the certificate is pinned; the address may be an IP or a name the certificate lacks
      c.setHostnameVerifier((name, session) -> true);
      c.setConnectTimeout((int) connectTimeout.toMillis());
      c.setReadTimeout((int) readTimeout.toMillis());
      c.setRequestMethod(method);
      c.setRequestProperty("Content-Type", "application/json");
      if (token != null) {
        c.setRequestProperty("Authorization", "Bearer " + token);
      }
      return c;
    } catch (IOException e) {
      throw new HubException("cannot reach hub " + hub.authority() + ": " + e.getMessage(), e);
    }
  }

  private Answer exchange(Authenticated a, String method, String path, byte @Nullable [] body) {
    HttpsURLConnection c = open(a.hub(), a.tls(), path, method, a.token());
    try {
      return body == null ? read(c) : send(c, body);
    } catch (IOException e) {
      moveOn(a.hub(), rootMessage(e));
      throw new HubException("cannot reach hub " + a.hub().authority() + ": " + rootMessage(e), e);
    }
  }

  private static Answer send(HttpURLConnection c, byte[] body) throws IOException {
    c.setDoOutput(true);
    c.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = c.getOutputStream()) {
      out.write(body);
    }
    return read(c);
  }

  private static Answer read(HttpURLConnection c) throws IOException {
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    if (in == null) {
      return new Answer(status, null);
    }
    try (InputStream stream = in) {
      byte[] bytes = stream.readNBytes(MAX_RESPONSE_BYTES);
      try {
        return new Answer(status, bytes.length == 0 ? null : Json.MAPPER.readTree(bytes));
      } catch (IOException e) {
        return new Answer(status, null);
      }
    }
  }

  private record Answer(int status, @Nullable JsonNode json) {}
}
