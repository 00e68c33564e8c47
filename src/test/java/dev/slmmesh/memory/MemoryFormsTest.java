package dev.slmmesh.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryFormsTest {
  private static Optional<String> text(MeshMemory.Item item) {
    return MemoryForms.text(item, Set.of("private"));
  }

  @Test
  void messagesStateAndEventsTakeTheOriginalsForms() {
    assertThat(text(new MeshMemory.MessageItem("peer-a", "peer-b", "use port 8080 for the API")))
        .contains("[mesh:message] peer-a -> peer-b: use port 8080 for the API");
    assertThat(text(new MeshMemory.MessageItem("peer-a", "broadcast", "x".repeat(500))))
        .contains("[mesh:message] peer-a -> broadcast: " + "x".repeat(200));
    assertThat(
            text(new MeshMemory.StateItem("default", "api_url", "http://localhost:3000", "peer-a")))
        .contains("[mesh:state] default/api_url = http://localhost:3000 (by peer-a)");
    assertThat(text(new MeshMemory.EventItem("deploy_done", "peer-a", "{\"env\":\"staging\"}")))
        .contains("[mesh:event] deploy_done by peer-a: {\"env\":\"staging\"}");
  }

  @Test
  void builtInEventsThatTheOtherFormsCoverAreNotRememberedTwice() {
    assertThat(text(new MeshMemory.EventItem("message_received", "p", "{}"))).isEmpty();
    assertThat(text(new MeshMemory.EventItem("state_changed", "p", "{\"value\":\"v\"}"))).isEmpty();
    assertThat(text(new MeshMemory.EventItem("peer_joined", "p", "{}"))).isEmpty();
    assertThat(text(new MeshMemory.EventItem("file_locked", "p", "{\"filePath\":\"/a\"}")))
        .isPresent();
  }

  @Test
  void stateThatLooksLikeACredentialOrIsInAnExcludedNamespaceIsNotRemembered() {
    for (String key :
        new String[] {
          "api_key", "DB_PASSWORD", "auth.token", "githubToken", "client_secret", "private-key"
        }) {
      assertThat(text(new MeshMemory.StateItem("default", key, "hello", "p"))).as(key).isEmpty();
    }
    assertThat(text(new MeshMemory.StateItem("private", "url", "hello", "p"))).isEmpty();
    assertThat(text(new MeshMemory.StateItem("secrets", "url", "hello", "p"))).isEmpty();
    for (String value :
        new String[] {
          "sk-proj-abcdefghijklmnop1234567890",
          "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
          "AKIAIOSFODNN7EXAMPLE",
          "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
          "Bearer abcdefghijklmnop0123456789",
          "postgres://admin:hunter2@db:5432/app",
          "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
          "password=hunter2"
        }) {
      assertThat(text(new MeshMemory.StateItem("default", "config", value, "p")))
          .as(value)
          .isEmpty();
    }
  }

  @Test
  void credentialsInsideMessagesAndEventsAreRedactedBeforeTheCut() {
    String msg =
        text(new MeshMemory.MessageItem(
                "a",
                "b",
                "the staging token is ghp_abcdefghijklmnopqrstuvwxyz0123456789 and password: hunter2"))
            .orElseThrow();
    assertThat(msg)
        .doesNotContain("ghp_")
        .doesNotContain("hunter2")
        .contains("[redacted]")
        .contains("password: [redacted]");
    // a secret straddling character 200 is redacted whole, not cut in half
    String straddling = "x".repeat(190) + " sk-live_abcdefghijklmnopqrstuvwx";
    assertThat(text(new MeshMemory.MessageItem("a", "b", straddling)).orElseThrow())
        .doesNotContain("sk-live");
    String event =
        text(new MeshMemory.EventItem("ci", "a", "{\"url\":\"https://u:p4ssw0rd@host/x\"}"))
            .orElseThrow();
    assertThat(event).doesNotContain("p4ssw0rd");
  }

  @Test
  void ordinaryTextIsLeftAlone() {
    String plain =
        "refactored src/main/java/App.java, commit 3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a, tests green";
    assertThat(SecretFilter.redact(plain)).isEqualTo(plain);
    assertThat(SecretFilter.secretKey("api_url")).isFalse();
    assertThat(SecretFilter.secretKey("build_status")).isFalse();
  }
}
