package dev.slmmesh.store;

import static dev.slmmesh.store.StoreFixtures.T0;
import static dev.slmmesh.store.StoreFixtures.at;
import static dev.slmmesh.store.StoreFixtures.event;
import static dev.slmmesh.store.StoreFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The event part of the {@link Store} contract: order, filters, pruning. Mixed into {@link
 * AbstractStoreContractTest}.
 */
interface EventContract {

  /** The store under test, fresh and empty for each test. */
  Store store();

  @Test
  default void readsEventsNewestFirstWithTiesInInsertionOrder() {
    store().events().insert(event("e1", "peer_joined", at(1)));
    store().events().insert(event("e2", "file_locked", at(2)));
    store().events().insert(event("e3", "peer_left", at(2)));
    store().events().insert(event("e4", "state_changed", at(3)));

    assertThat(ids(store().events().read(new EventQuery(List.of(), null, 50))))
        .containsExactly("e4", "e3", "e2", "e1");
    assertThat(store().events().read(new EventQuery(List.of(), null, 2))).hasSize(2);
    assertThat(store().events().read(new EventQuery(List.of(), null, 1)).get(0))
        .isEqualTo(event("e4", "state_changed", at(3)));
  }

  @Test
  default void filtersEventsByTypesAndExclusiveSince() {
    store().events().insert(event("e1", "peer_joined", at(1)));
    store().events().insert(event("e2", "file_locked", at(2)));
    store().events().insert(event("e3", "peer_left", at(3)));
    store().events().insert(event("e4", "peer_joined", at(4)));

    assertThat(
            ids(
                store()
                    .events()
                    .read(new EventQuery(List.of("peer_joined", "peer_left"), null, 50))))
        .containsExactly("e4", "e3", "e1");
    assertThat(ids(store().events().read(new EventQuery(List.of(), at(2), 50))))
        .containsExactly("e4", "e3");
    assertThat(ids(store().events().read(new EventQuery(List.of("peer_joined"), at(1), 50))))
        .containsExactly("e4");
    assertThat(store().events().read(new EventQuery(List.of("custom"), null, 50))).isEmpty();
  }

  @Test
  default void acceptsMoreEventTypesThanSqliteHasBoundVariables() {
    store().events().insert(event("e1", "type-39999", T0));
    List<String> types = IntStream.range(0, 40_000).mapToObj(i -> "type-" + i).toList();

    assertThat(ids(store().events().read(new EventQuery(types, null, 50)))).containsExactly("e1");
  }

  @Test
  default void prunesEventsCreatedStrictlyBeforeCutoff() {
    Instant cutoff = at(100);
    store().events().insert(event("old", "t", cutoff.minusMillis(1)));
    store().events().insert(event("edge", "t", cutoff));

    assertThat(store().events().prune(cutoff)).isEqualTo(1);
    assertThat(ids(store().events().read(new EventQuery(List.of(), null, 50))))
        .containsExactly("edge");
  }
}
