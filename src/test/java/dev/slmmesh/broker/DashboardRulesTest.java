package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.store.EventQuery;
import dev.slmmesh.wire.Event;
import dev.slmmesh.wire.WireText;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the person at the dashboard may do beyond the API, and the watcher through which the page
 * hears.
 */
class DashboardRulesTest {
  private final BrokerFixture f = new BrokerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void forcedReleaseFreesAnotherSessionsLockAndItsEventNamesWhoDidIt() {
    String alice = f.register("alice");
    f.broker.locks().lock("/repo/a.ts", alice, null, "refactor", 30);

    f.broker.locks().forceRelease("/repo/a.ts", WireText.CLI_PEER);

    assertThat(f.broker.locks().query(null, null)).isEmpty();
    Event unlocked =
        f.broker.events().read(new EventQuery(List.of("file_unlocked"), null, 10)).get(0);
    assertThat(unlocked.emittedBy()).isEqualTo(WireText.CLI_PEER);
    assertThat(unlocked.payload())
        .contains("\"unlockedBy\":\"cli\"")
        .contains("\"heldBy\":\"" + alice + "\"")
        .contains("\"forced\":true");
    assertThatThrownBy(() -> f.broker.locks().forceRelease("/repo/a.ts", WireText.CLI_PEER))
        .hasMessage("No active lock on /repo/a.ts");
  }

  @Test
  void theWatcherHearsOfAnEventOnlyOnceItIsCommitted() {
    List<String> heard = new CopyOnWriteArrayList<>();
    f.broker.events().watch(e -> heard.add(e.type()));
    f.register("alice");
    assertThatThrownBy(
            () ->
                f.store.atomically(
                    tx -> {
                      f.broker.events().emitCustom("build_started", java.util.Map.of(), "x");
                      throw new IllegalStateException("rolled back");
                    }))
        .hasMessage("rolled back");
    f.broker.events().watch(null);
    f.broker.events().emitCustom("after_unwatch", java.util.Map.of(), "x");

    assertThat(heard).containsExactly("peer_joined");
  }
}
