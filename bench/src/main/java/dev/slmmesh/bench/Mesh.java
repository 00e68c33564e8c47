package dev.slmmesh.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker plus the fake peers registered on it: each peer listens on {@code
 * <data>/peers/bench-<i>.sock}, registers with {@code acknowledges:true} as our MCP server does,
 * and counts as ready once the broker has connected its push link.
 */
final class Mesh implements AutoCloseable {
  private static final long LINK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final BrokerProcess broker;
  private final PeerHost host;
  private HttpConn http;
  private final List<String> ids = new ArrayList<>();

  private Mesh(BrokerProcess broker, PeerHost host, HttpConn http) {
    this.broker = broker;
    this.host = host;
    this.http = http;
  }

  static Mesh open(BrokerProcess broker, int capacity) throws IOException {
    PeerHost host = new PeerHost(broker.peersDir(), capacity, true);
    return new Mesh(broker, host, broker.connect());
  }

  BrokerProcess broker() {
    return broker;
  }

  PeerHost host() {
    return host;
  }

  /** The control connection (registration and one-off requests). */
  HttpConn http() {
    return http;
  }

  int size() {
    return ids.size();
  }

  String id(int index) {
    return ids.get(index);
  }

  /** Registers peers until there are {@code total}, then waits for all their push links. */
  void growTo(int total) throws IOException {
    int first = ids.size();
    for (int i = first; i < total; i++) {
      Path socket = host.listen(i);
      String body =
          "{\"projectPath\":\"/tmp/slm-bench\",\"pid\":"
              + ProcessHandle.current().pid()
              + ",\"name\":\"bench-"
              + i
              + "\",\"agentType\":\"unknown\",\"udsPath\":"
              + Json.quote(socket.toString())
              + ",\"acknowledges\":true}";
      HttpConn.Reply r;
      try {
        r = http.post("/register", body);
      } catch (IOException e) {
        // seen on PostgreSQL under heavy load: the broker closed the control connection at its
        // first /register, logging nothing; registration is not measured, so register again
        System.out.println(
            "  note: register "
                + i
                + " failed ("
                + e.getMessage()
                + "); again on a new connection");
        http.close();
        http = broker.connect();
        r = http.post("/register", body);
      }
      String id = r.ok() ? r.field("peerId") : null;
      if (id == null) {
        throw new IOException("register failed: " + r.status() + " " + r.body());
      }
      ids.add(id);
    }
    long start = System.nanoTime();
    for (int i = first; i < total; i++) {
      while (host.accepted(i) == 0) {
        if (System.nanoTime() - start > LINK_TIMEOUT_NANOS) {
          throw new IOException("the broker did not connect to peer " + i + " within 20 s");
        }
        BrokerProcess.sleepMillis(1);
      }
    }
  }

  /** A {@code /send} body; {@code to} is a peer id or {@code all}. */
  static String sendBody(String from, String to, String text) {
    return "{\"fromPeer\":\"" + from + "\",\"toPeer\":\"" + to + "\",\"payload\":\"" + text + "\"}";
  }

  /**
   * Sends {@code count} direct messages from 4 clients, spread over every pair of the mesh's peers,
   * each text starting with {@code tag}; returns what the broker accepted and refused.
   */
  Clients.Outcome sendSpread(long count, String tag) throws InterruptedException {
    int peers = ids.size();
    return Clients.forCount(
        broker,
        4,
        (c, i, n) -> {
          int from = (int) ((i * 7919 + n) % peers);
          int to = (from + 1 + (int) (n % (peers - 1))) % peers;
          return c.post("/send", sendBody(id(from), id(to), tag + i + "-" + n + Latency.FILLER))
              .ok();
        },
        count);
  }

  /** Waits (bounded) until the peers have received {@code count} messages in total. */
  boolean awaitMessages(long count, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (host.messages() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      BrokerProcess.sleepMillis(2);
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    try {
      http.close();
    } finally {
      host.close();
    }
  }
}
