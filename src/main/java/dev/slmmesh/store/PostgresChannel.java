package dev.slmmesh.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.slmmesh.base.Threads;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StoreChannel} over PostgreSQL's {@code LISTEN/NOTIFY} on one channel. Notes are sent by a
 * publisher thread through a pooled connection (in order, several per round trip) and received on a
 * dedicated connection outside the pool, which a listener thread holds in {@code LISTEN} and
 * re-opens with doubling pauses when it is lost. Each note carries this broker's random id, so that
 * its own notes are dropped on the way back.
 */
final class PostgresChannel implements StoreChannel {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresChannel.class);
  static final String CHANNEL = "slm_mesh";

  /** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
  static final int MAX_NOTE_BYTES = 7900;

  static final int QUEUE = 10_000;
  private static final int POLL_MILLIS = 500;

  private final String self = UUID.randomUUID().toString().substring(0, 8);
  private final HikariDataSource pool;
  private final PostgresTarget target;
  private final BlockingQueue<String> outgoing = new ArrayBlockingQueue<>(QUEUE);
  private final Thread publisher;
  private volatile boolean closed;
  private volatile Thread listener;

  PostgresChannel(HikariDataSource pool, PostgresTarget target) {
    this.pool = pool;
    this.target = target;
    this.publisher = Threads.daemon("pg-notify", this::publishLoop);
    publisher.start();
  }

  @Override
  public void publish(String note) {
    String line = self + " " + note;
    if (line.getBytes(StandardCharsets.UTF_8).length > MAX_NOTE_BYTES) {
      LOG.warn(
          "A note to other brokers is over {} bytes; not sent ({}...)",
          MAX_NOTE_BYTES,
          note.substring(0, 40));
      return;
    }
    if (!outgoing.offer(line)) {
      LOG.warn(
          "Note queue to other brokers full; dropped a note (they catch up at the next heartbeat)");
    }
  }

  private void publishLoop() {
    List<String> batch = new ArrayList<>();
    while (!closed) {
      try {
        String first = outgoing.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        outgoing.drainTo(batch, 99);
        send(batch);
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        LOG.warn(
            "{}: sending {} note(s) to other brokers failed: {}",
            target.setting(),
            batch.size(),
            e.getMessage());
      } finally {
        batch.clear();
      }
    }
  }

  private void send(List<String> notes) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      for (String note : notes) {
        notify.setString(1, CHANNEL);
        notify.setString(2, note);
        notify.addBatch();
      }
      notify.executeBatch();
    }
  }

  @Override
  public synchronized void listen(Consumer<String> handler, Runnable resumed) {
    if (listener != null) {
      throw new IllegalStateException("already listening");
    }
    Thread thread = Threads.daemon("pg-listen", () -> listenLoop(handler, resumed));
    listener = thread;
    thread.start();
  }

  private void listenLoop(Consumer<String> handler, Runnable resumed) {
    Duration pause = PostgresConnector.FIRST_PAUSE;
    boolean first = true;
    while (!closed) {
      try (Connection connection = PostgresConnector.attempt(target)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        if (!first) {
          LOG.info("{}: listening to other brokers again", target.setting());
          resumed.run();
        }
        first = false;
        pause = PostgresConnector.FIRST_PAUSE;
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notes = pg.getNotifications(POLL_MILLIS);
          if (notes != null) {
            for (PGNotification note : notes) {
              deliver(note.getParameter(), handler);
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        first = false;
        LOG.warn(
            "{}: listening connection lost ({}); again in {} ms",
            target.setting(),
            e.getMessage(),
            pause.toMillis());
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
          return;
        }
        pause =
            pause.multipliedBy(2).compareTo(PostgresConnector.LONGEST_PAUSE) > 0
                ? PostgresConnector.LONGEST_PAUSE
                : pause.multipliedBy(2);
      }
    }
  }

  private void deliver(String line, Consumer<String> handler) {
    int space = line.indexOf(' ');
    if (space < 0 || line.substring(0, space).equals(self)) {
      return;
    }
    try {
      handler.accept(line.substring(space + 1));
    } catch (RuntimeException e) {
      LOG.warn("Handling a note from another broker failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    publisher.interrupt();
    Thread thread = listener;
    if (thread != null) {
      thread.interrupt();
    }
    try {
      publisher.join(2000);
      if (thread != null) {
        thread.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
