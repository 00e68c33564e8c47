package dev.slmmesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class StoreSettingsTest {
  @TempDir Path home;

  private StoreSettings read(String url, String... more) {
    java.util.HashMap<String, String> env =
        new java.util.HashMap<>(Map.of("HOME", home.toString()));
    if (url != null) {
      env.put("SLM_MESH_STORE", url);
    }
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return StoreSettings.fromEnvironment(env);
  }

  @Test
  void unsetOrBlankIsTheSqliteFile() {
    assertThat(read(null).postgres()).isFalse();
    assertThat(read("  ").postgres()).isFalse();
    assertThat(Config.fromEnvironment(Map.of("HOME", home.toString())).store())
        .isEqualTo(StoreSettings.SQLITE);
  }

  @Test
  void aPostgresUrlBecomesAJdbcUrlWithTheDefaultPortAndThePasswordFromPgpassword() {
    StoreSettings s =
        read("postgresql://mesh@db.internal/team?sslmode=require", "PGPASSWORD", "pw");

    assertThat(s.postgres()).isTrue();
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/team?sslmode=require");
    assertThat(s.url()).isEqualTo("postgresql://mesh@db.internal:5432/team");
    assertThat(s.user()).isEqualTo("mesh");
    assertThat(s.password()).isEqualTo("pw");
    assertThat(s.passwordSource()).isEqualTo("PGPASSWORD");
    assertThat(s.connectWait()).isEqualTo(StoreSettings.CONNECT_WAIT);
    assertThat(s.toString()).doesNotContain("pw");
  }

  @Test
  void thePasswordComesFromTheFirstMatchingPgpassLine() throws IOException {
    Path file = home.resolve(".pgpass");
    Files.writeString(
        file, "# comment\nother:5432:team:mesh:wrong\n*:6543:team:mesh:p\\:w\n*:*:*:*:fallback\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    StoreSettings s = read("postgres://mesh@db:6543/team", "SLM_MESH_STORE_WAIT_MS", "1500");

    assertThat(s.password()).isEqualTo("p:w");
    assertThat(s.passwordSource()).isEqualTo(file.toString());
    assertThat(s.connectWait()).isEqualTo(Duration.ofMillis(1500));
    assertThat(read("postgres://someone@db:1/x").password()).isEqualTo("fallback");
  }

  @Test
  void aPgpassFileThatOthersMayReadIsRefused() throws IOException {
    Path file = home.resolve("pass");
    Files.writeString(file, "*:*:*:*:pw\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> read("postgresql://mesh@db/team", "PGPASSFILE", file.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("chmod 0600");
  }

  @Test
  void aPasswordInTheSettingIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> read("postgresql://mesh:secret@db/team"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SLM_MESH_STORE must not contain a password")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> read("postgresql://mesh@db/team?password=secret"))
        .hasMessageContaining("must not contain a password")
        .hasMessageNotContaining("secret");
  }

  @Test
  void badUrlsNameTheSettingAndWhatIsMissing() {
    assertThatThrownBy(() -> read("mysql://mesh@db/team"))
        .hasMessageContaining("Invalid SLM_MESH_STORE")
        .hasMessageContaining("postgresql://");
    assertThatThrownBy(() -> read("postgresql://db/team")).hasMessageContaining("names no user");
    assertThatThrownBy(() -> read("postgresql://mesh@db"))
        .hasMessageContaining("names no database");
    assertThatThrownBy(() -> read("postgresql://mesh@/team")).hasMessageContaining("names no host");
    assertThatThrownBy(() -> read("postgresql://mesh@db:port/team"))
        .hasMessageContaining("Invalid SLM_MESH_STORE");
    assertThatThrownBy(
            () ->
                Config.fromEnvironment(
                    Map.of("HOME", home.toString(), "SLM_MESH_STORE", "nonsense")))
        .hasMessageContaining("SLM_MESH_STORE");
  }
}
