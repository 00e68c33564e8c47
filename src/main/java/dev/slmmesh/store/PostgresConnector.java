package dev.slmmesh.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first connection to a {@link PostgresTarget}, opened before the pool so that a mistake is
 * told at once and plainly: wrong credentials or an absent database fail at the first try, while a
 * server that cannot be reached (not started yet, restarting) is tried again with doubling pauses
 * until {@link PostgresTarget#connectWait} has passed. Every error names the setting.
 */
final class PostgresConnector {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresConnector.class);
  static final Duration FIRST_PAUSE = Duration.ofMillis(250);
  static final Duration LONGEST_PAUSE = Duration.ofSeconds(4);

  /** Seconds pgjdbc waits for the TCP connection and the login of one attempt. */
  static final int ATTEMPT_TIMEOUT_SECONDS = 5;

  /** Waits between attempts; tests pass one that only advances their clock. */
  interface Pause {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** One attempt; the real one is {@link #attempt}. */
  interface Attempt {
    Connection open(PostgresTarget target) throws SQLException;
  }

  private final Clock clock;
  private final Pause pause;
  private final Attempt attempt;

  PostgresConnector(Clock clock, Pause pause, Attempt attempt) {
    this.clock = clock;
    this.pause = pause;
    this.attempt = attempt;
  }

  static PostgresConnector real() {
    return new PostgresConnector(
        Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), PostgresConnector::attempt);
  }

  /** Driver properties of every connection, first and pooled alike. */
  static Properties properties(PostgresTarget target) {
    Properties props = new Properties();
    props.setProperty("user", target.user());
    if (target.password() != null) {
      props.setProperty("password", target.password());
    }
    props.setProperty("connectTimeout", Integer.toString(ATTEMPT_TIMEOUT_SECONDS));
    props.setProperty("loginTimeout", Integer.toString(ATTEMPT_TIMEOUT_SECONDS));
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", "slm-mesh");
    return props;
  }

  static Connection attempt(PostgresTarget target) throws SQLException {
    Connection connection = new Driver().connect(target.jdbcUrl(), properties(target));
    if (connection == null) {
      throw new SQLException("pgjdbc does not accept the URL " + target.jdbcUrl(), "08001");
    }
    return connection;
  }

  /**
   * Connects, retrying while the server cannot be reached.
   *
   * @throws StoreException naming the setting, with what to check
   */
  Connection connect(PostgresTarget target) {
    Instant deadline = clock.instant().plus(target.connectWait());
    Duration wait = FIRST_PAUSE;
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        return attempt.open(target);
      } catch (SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (!retryable(state) || !clock.instant().plus(wait).isBefore(deadline)) {
          throw new StoreException(explain(target, state, e, attempts), e);
        }
        LOG.warn(
            "{}: cannot connect yet ({}); trying again in {} ms",
            target.setting(),
            e.getMessage(),
            wait.toMillis());
      }
      try {
        pause.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException(target.setting() + ": interrupted while connecting", e);
      }
      wait =
          wait.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : wait.multipliedBy(2);
    }
  }

  /** Connection failures (class 08) and a server starting or shutting down (57P03, 57P01). */
  private static boolean retryable(String state) {
    return state.startsWith("08") || state.equals("57P03") || state.equals("57P01");
  }

  private static String explain(PostgresTarget target, String state, SQLException e, int attempts) {
    String head = target.setting() + ": ";
    if (state.equals("28P01") || state.equals("28000")) {
      return head
          + "PostgreSQL refused the login of user \""
          + target.user()
          + "\" (password from "
          + target.passwordSource()
          + "; set PGPASSWORD or a .pgpass line for this host, port,"
          + " database and user): "
          + e.getMessage();
    }
    if (state.equals("3D000")) {
      return head
          + "the database does not exist; create it first (docs/team.md): "
          + e.getMessage();
    }
    if (retryable(state)) {
      return head
          + "cannot reach PostgreSQL after "
          + attempts
          + " attempt(s) over "
          + target.connectWait().toSeconds()
          + " s; check host, port and firewall: "
          + e.getMessage();
    }
    return head + "cannot connect to PostgreSQL (SQLSTATE " + state + "): " + e.getMessage();
  }
}
