package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.wire.Peer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockKeysTest {
  private static Peer peer(String machine, String project, String gitRoot) {
    return new Peer(
            "p",
            "n",
            1,
            project,
            gitRoot,
            null,
            "unknown",
            "",
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            "active",
            null,
            null)
        .withMachine(machine, machine);
  }

  @Test
  void aBrokerThatIsNotAHubKeepsPlainPaths() {
    LockKeys keys = new LockKeys(false, "hub");
    assertThat(keys.key("src/a.ts", peer("other", "/home/u/app", "/home/u/app")))
        .isEqualTo("/home/u/app/src/a.ts");
  }

  @Test
  void onAHubRepositoryFilesAreSharedAcrossMachinesAndOtherFilesAreMachineLocal() {
    LockKeys keys = new LockKeys(true, "hub");
    String onLaptop =
        keys.key("/home/ann/app/src/a.ts", peer("laptop", "/home/ann/app", "/home/ann/app"));
    String onBuildBox = keys.key("src/a.ts", peer("buildbox", "/srv/ci/app", "/srv/ci/app"));
    assertThat(onLaptop).isEqualTo("repo:app/src/a.ts").isEqualTo(onBuildBox);
    assertThat(keys.key("/tmp/x.lock", peer("laptop", "/home/ann/app", "/home/ann/app")))
        .isEqualTo("laptop:/tmp/x.lock");
    assertThat(keys.key("/tmp/x.lock", peer("hub", "/srv/app", null))).isEqualTo("/tmp/x.lock");
    assertThat(keys.key("repo:app/src/a.ts", null)).isEqualTo("repo:app/src/a.ts");
  }
}
