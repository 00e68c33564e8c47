package dev.slmmesh.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.base.Backoff;
import dev.slmmesh.base.Threads;
import dev.slmmesh.wire.HubProof;
import dev.slmmesh.wire.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's push connection to a hub: a WebSocket on {@code /mesh/push} with the session token,
 * {@code hello} with the peer's id and credential, notifications handed to a {@link Receiver},
 * acknowledgements sent back on the same connection. Reconnects with backoff (200 ms doubling to 5
 * s, with jitter) for as long as it is open, authenticating again when the hub forgot the session.
 * A push that has not been ready for {@link #STABLE} at a stretch within {@link #DOWN_BOUND} (down,
 * never up, or each connection dropped soon after it came up) makes the session leave its hub for
 * the next listed one ({@link HubSession#leave}); with one hub it keeps retrying the same.
 * Long-lived processes only: the JDK WebSocket client is slow to create.
 */
public final class HubPush implements AutoCloseable {
  /** 200 ms doubling to 5 s, ±25 % jitter, never giving up. */
  static final Backoff BACKOFF = Backoff.forever(Duration.ofMillis(200), Duration.ofSeconds(5), 25);

  static final Duration PING_EVERY = Duration.ofSeconds(30);
  static final Duration WATCH_EVERY = Duration.ofSeconds(1);
  static final Duration REFUSED_DELAY = Duration.ofSeconds(60);
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DOWN_BOUND = Duration.ofSeconds(10);

  /** How long a connection must stay ready before the push counts as back. */
  static final Duration STABLE = Duration.ofSeconds(3);

  private static final Logger LOG = LoggerFactory.getLogger(HubPush.class);

  /** Who this connection speaks for; empty until the peer is registered. */
  public record Identity(String peerId, String credential) {}

  /** What the push connection reports; called on the WebSocket's thread, one frame at a time. */
  public interface Receiver {
    /** A notification envelope ({@code type}, {@code payload}, {@code timestamp}). */
    void onNotification(ObjectNode envelope);

    /** The hub accepted {@code hello}: pushes flow (pending messages come first). */
    default void onReady() {}

    /**
     * The hub refused {@code hello} (e.g. it lost the peer): register again, then {@link
     * #reconnectNow}.
     */
    default void onRefused(String reason) {}
  }

  private final HubSession session;
  private final Supplier<Optional<Identity>> identity;
  private final Receiver receiver;
  private final ScheduledExecutorService timer;
  private final Object sendLock = new Object();
  private volatile @Nullable WebSocket socket;
  private volatile boolean ready;
  private volatile boolean closed;
  private volatile boolean connecting;
  private volatile @Nullable Identity connectedAs;
  private volatile @Nullable HubAddress connectedTo;
  private @Nullable HttpClient http;
  private @Nullable SSLContext httpTls;
  // failures and retryPending are only touched on the timer thread
  private int failures;
  private boolean retryPending;
  // since when (System.nanoTime) the push has not been steadily ready, or 0 while it is
  private volatile long downSince;
  // when the connection became ready (System.nanoTime)
  private volatile long readySince;
  // when the hub was last heard on the open connection, a pong included (System.nanoTime)
  private volatile long lastHeard;
  private final Duration pingEvery;

  public HubPush(HubSession session, Supplier<Optional<Identity>> identity, Receiver receiver) {
    this(session, identity, receiver, PING_EVERY);
  }

  /**
   * With another ping interval than {@link #PING_EVERY}. A connection that answers no ping for two
   * intervals is aborted, so a push that went silent without closing (a router that dropped the
   * connection's state) is noticed and the usual reconnect and failover rules apply.
   */
  public HubPush(
      HubSession session,
      Supplier<Optional<Identity>> identity,
      Receiver receiver,
      Duration pingEvery) {
    this.session = session;
    this.pingEvery = pingEvery;
    this.identity = identity;
    this.receiver = receiver;
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Threads.named("hub-push"));
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    timer.scheduleWithFixedDelay(
        this::ping, pingEvery.toMillis(), pingEvery.toMillis(), TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(
        this::watch, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Follows the session's identity: connects once the peer is registered, and starts over when it
   * registered anew (a new id after the hub lost it), so the caller never has to tell us.
   */
  private void watch() {
    Optional<Identity> who = identity.get();
    if (who.isEmpty() || closed) {
      return;
    }
    WebSocket ws = socket;
    long now = System.nanoTime();
    if (!ready) {
      if (downSince == 0) {
        downSince = now;
      }
    } else if (now - readySince > STABLE.toNanos()) {
      downSince = 0;
    }
    long since = downSince;
    if (since != 0 && now - since > DOWN_BOUND.toNanos()) {
      downSince = now;
      session.leave("its push connection has been down for " + DOWN_BOUND.toSeconds() + " s");
    }
    if (ws == null && !retryPending) {
      connect();
    } else if (ws != null
        && (!who.get().equals(connectedAs) || !session.address().equals(connectedTo))) {
      // registered anew, or the session moved to another hub (the old one may hang, not close)
      ws.abort();
      if (socket == ws) {
        socket = null;
        ready = false;
      }
      retryLater();
    }
  }

  /** Connects now (or soon, if a connection attempt is running). */
  public void reconnectNow() {
    timer.execute(this::connect);
  }

  public boolean isReady() {
    return ready;
  }

  /** Acknowledges messages on the push connection; false if it is down (they are pushed again). */
  public boolean ack(List<String> messageIds) {
    if (messageIds.isEmpty()) {
      return true;
    }
    ObjectNode frame = Json.MAPPER.createObjectNode();
    frame.put("type", "ack");
    ArrayNode ids = frame.putArray("messageIds");
    messageIds.forEach(ids::add);
    return sendText(frame.toString());
  }

  private boolean sendText(String text) {
    WebSocket ws = socket;
    if (ws == null || ws.isOutputClosed()) {
      return false;
    }
    synchronized (sendLock) {
      try {
        ws.sendText(text, true).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        LOG.debug("[hub-push] send failed: {}", e.toString());
        ws.abort();
        return false;
      }
    }
  }

  private void ping() {
    WebSocket ws = socket;
    if (ws != null && System.nanoTime() - lastHeard > 2 * pingEvery.toNanos()) {
      LOG.warn(
          "[hub-push] the hub answered no ping for {} s; reconnecting", 2 * pingEvery.toSeconds());
      ws.abort();
      down(ws);
      return;
    }
    if (ws != null && !ws.isOutputClosed()) {
      synchronized (sendLock) {
        try {
          ws.sendPing(ByteBuffer.allocate(0)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Exception e) {
          ws.abort();
        }
      }
    }
  }

  private void down(WebSocket ws) {
    if (socket == ws) {
      socket = null;
      ready = false;
      if (!closed && downSince == 0) {
        downSince = System.nanoTime();
      }
    }
    retryLater();
  }

  private void connect() {
    if (closed || connecting || (socket != null && !socket.isInputClosed())) {
      return;
    }
    Optional<Identity> who = identity.get();
    if (who.isEmpty()) {
      return;
    }
    connecting = true;
    String token;
    HttpClient client;
    try {
      token = session.token();
      client = client(session.tls());
    } catch (HubException e) {
      connecting = false;
      LOG.warn("[hub-push] {}", e.getMessage());
      // a refusal (wrong secret, changed certificate) does not heal in seconds: do not hammer
      retryAfter(e.refused() ? REFUSED_DELAY : Duration.ZERO);
      return;
    } catch (RuntimeException e) {
      connecting = false;
      LOG.warn("[hub-push] cannot reach the hub: {}", e.toString());
      retryLater();
      return;
    }
    String usedToken = token;
    HubAddress target = session.address();
    CompletableFuture<WebSocket> opening;
    try {
      opening =
          client
              .newWebSocketBuilder()
              .header("Authorization", "Bearer " + token)
              .connectTimeout(Duration.ofSeconds(5))
              .buildAsync(target.wss(HubProof.PUSH_PATH), new Listener(who.get(), target));
    } catch (RuntimeException e) {
      connecting = false;
      LOG.warn("[hub-push] cannot open the push connection: {}", e.toString());
      retryLater();
      return;
    }
    opening.whenComplete(
        (ws, failure) -> {
          connecting = false;
          if (failure != null) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof WebSocketHandshakeException
                && ((WebSocketHandshakeException) cause).getResponse().statusCode() == 401) {
              session.invalidate(usedToken);
            }
            LOG.debug("[hub-push] connect failed: {}", cause.toString());
            retryLater();
          }
        });
  }

  private synchronized HttpClient client(SSLContext tls) {
    HttpClient c = http;
    if (c == null || httpTls != tls) {
      c = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
      http = c;
      httpTls = tls;
    }
    return c;
  }

  private void retryLater() {
    retryAfter(Duration.ZERO);
  }

  /** Schedules the next attempt after the backoff delay, and at least after {@code atLeast}. */
  private void retryAfter(Duration atLeast) {
    if (closed) {
      return;
    }
    try {
      timer.execute(() -> scheduleRetry(atLeast));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile: no more reconnects
    }
  }

  /** On the timer thread, which alone touches {@code failures}. */
  private void scheduleRetry(Duration atLeast) {
    if (retryPending) {
      return;
    }
    failures = Math.min(failures + 1, 64);
    long jittered =
        BACKOFF.delayAfter(failures, ThreadLocalRandom.current()).orElseThrow().toMillis();
    retryPending = true;
    timer.schedule(
        () -> {
          retryPending = false;
          connect();
        },
        Math.max(jittered, atLeast.toMillis()),
        TimeUnit.MILLISECONDS);
  }

  private final class Listener implements WebSocket.Listener {
    private final Identity who;
    private final HubAddress hub;
    private final StringBuilder partial = new StringBuilder();

    Listener(Identity who, HubAddress hub) {
      this.who = who;
      this.hub = hub;
    }

    @Override
    public void onOpen(WebSocket ws) {
      lastHeard = System.nanoTime();
      socket = ws;
      connectedAs = who;
      connectedTo = hub;
      ObjectNode hello = Json.MAPPER.createObjectNode();
      hello.put("type", "hello");
      hello.put("peerId", who.peerId());
      hello.put("credential", who.credential());
      sendText(hello.toString());
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      lastHeard = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        handle(text);
      }
      ws.request(1);
      return null;
    }

    private void handle(String text) {
      JsonNode frame;
      try {
        frame = Json.MAPPER.readTree(text);
      } catch (IOException e) {
        return;
      }
      if (!(frame instanceof ObjectNode)) {
        return;
      }
      String type = frame.path("type").asText("");
      if ("ready".equals(type)) {
        readySince = System.nanoTime();
        ready = true;
        timer.execute(() -> failures = 0);
        receiver.onReady();
      } else if ("error".equals(type)) {
        receiver.onRefused(frame.path("error").asText("refused"));
      } else {
        receiver.onNotification((ObjectNode) frame);
      }
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      lastHeard = System.nanoTime();
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
      lastHeard = System.nanoTime();
      ws.request(1);
      return null; // the client answers with a pong by itself
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      down(ws);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      LOG.debug("[hub-push] connection error: {}", error.toString());
      down(ws);
    }
  }

  @Override
  public void close() {
    closed = true;
    WebSocket ws = socket;
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      ws.abort();
    }
    timer.shutdownNow();
  }
}
