package dev.slmmesh.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay in front of a port, byte for byte (TLS passes through untouched). While it
 * {@link #cutsLongConnections}, it closes every relayed connection that is older than {@link
 * #CUT_AGE_MILLIS} and has carried nothing for {@link #CUT_IDLE_MILLIS}: a request and its answer
 * get through, a connection that stays open (a WebSocket) is cut soon after it came up. That is a
 * hub whose HTTP answers while its push does not stay up.
 */
public final class TcpRelay implements AutoCloseable {
  public static final long CUT_AGE_MILLIS = 1_000;
  public static final long CUT_IDLE_MILLIS = 500;

  private final ServerSocket server;
  private final int target;
  private final List<Pair> pairs = new CopyOnWriteArrayList<>();
  private final AtomicInteger cut = new AtomicInteger();
  private volatile boolean cutting;
  private volatile boolean silent;
  private volatile boolean closed;

  private TcpRelay(ServerSocket server, int target) {
    this.server = server;
    this.target = target;
  }

  /** A relay on a free loopback port to {@code 127.0.0.1:target}. */
  public static TcpRelay to(int target) throws IOException {
    TcpRelay relay =
        new TcpRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
    daemon(relay::acceptLoop, "relay-accept").start();
    daemon(relay::cutLoop, "relay-cut").start();
    return relay;
  }

  public int port() {
    return server.getLocalPort();
  }

  public void cutsLongConnections(boolean on) {
    cutting = on;
  }

  /**
   * While on, the open connections go silent without closing: bytes are read and dropped in both
   * directions, as behind a router that lost the connection's state.
   */
  public void silent(boolean on) {
    silent = on;
  }

  /** How many connections were cut so far. */
  public int cut() {
    return cut.get();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket in = server.accept();
        Socket out = new Socket();
        try {
          out.connect(new InetSocketAddress("127.0.0.1", target), 2_000);
        } catch (IOException e) {
          in.close();
          continue;
        }
        Pair pair = new Pair(in, out);
        pairs.add(pair);
        daemon(() -> pair.pump(in, out, () -> silent), "relay-up").start();
        daemon(() -> pair.pump(out, in, () -> silent), "relay-down").start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void cutLoop() {
    while (!closed) {
      long now = System.currentTimeMillis();
      for (Pair p : pairs) {
        if (p.closed) {
          pairs.remove(p);
        } else if (cutting
            && now - p.opened > CUT_AGE_MILLIS
            && now - p.lastBytes > CUT_IDLE_MILLIS) {
          cut.incrementAndGet();
          p.close();
          pairs.remove(p);
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    pairs.forEach(Pair::close);
  }

  private static final class Pair {
    final Socket a;
    final Socket b;
    final long opened = System.currentTimeMillis();
    volatile long lastBytes = opened;
    volatile boolean closed;

    Pair(Socket a, Socket b) {
      this.a = a;
      this.b = b;
    }

    void pump(Socket from, Socket to, java.util.function.BooleanSupplier silent) {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream()) {
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (silent.getAsBoolean()) {
            continue;
          }
          lastBytes = System.currentTimeMillis();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // either side closed: close both below
      } finally {
        close();
      }
    }

    void close() {
      closed = true;
      try {
        a.close();
      } catch (IOException e) {
        // closing anyway
      }
      try {
        b.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
