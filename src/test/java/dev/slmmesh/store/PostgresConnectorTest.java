package dev.slmmesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.testkit.MutableClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first connection's retries, with a clock that the pauses advance (no real waiting). */
final class PostgresConnectorTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<Duration> pauses = new ArrayList<>();
  private int attempts;

  private PostgresTarget target(Duration wait) {
    return new PostgresTarget(
        "jdbc:postgresql://db.example:5432/mesh",
        "mesh",
        null,
        "SLM_MESH_STORE=postgresql://mesh@db.example:5432/mesh",
        "none",
        wait);
  }

  private PostgresConnector failingWith(String sqlState) {
    return new PostgresConnector(
        clock,
        d -> {
          pauses.add(d);
          clock.advance(d);
        },
        t -> {
          attempts++;
          throw new SQLException("simulated", sqlState);
        });
  }

  @Test
  void retriesAnUnreachableServerWithDoublingPausesUntilItsWaitIsUp() {
    assertThatThrownBy(() -> failingWith("08001").connect(target(Duration.ofSeconds(10))))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "SLM_MESH_STORE=postgresql://mesh@db.example:5432/mesh: cannot reach PostgreSQL after 6 attempt(s) over 10 s");
    assertThat(pauses)
        .extracting(Duration::toMillis)
        .containsExactly(250L, 500L, 1000L, 2000L, 4000L);
    assertThat(attempts).isEqualTo(6);
  }

  @Test
  void refusedCredentialsAreNotRetried() {
    assertThatThrownBy(() -> failingWith("28P01").connect(target(Duration.ofSeconds(10))))
        .hasMessageContaining("refused the login of user \"mesh\" (password from none");
    assertThat(attempts).isEqualTo(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aServerThatComesUpIsUsed() {
    PostgresConnector connector =
        new PostgresConnector(
            clock,
            clock::advance,
            t -> {
              if (++attempts < 3) {
                throw new SQLException("starting up", "57P03");
              }
              return null;
            });

    assertThat(connector.connect(target(Duration.ofSeconds(10)))).isNull();
    assertThat(attempts).isEqualTo(3);
  }
}
