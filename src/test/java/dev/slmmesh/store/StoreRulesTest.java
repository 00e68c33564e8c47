package dev.slmmesh.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store's easy-to-break rules are held by which class may hold what (AGENTS.md, "Store rules"):
 * this fails when a change hands a table class the half of the database that would let it skip one.
 */
class StoreRulesTest {
  private static final List<Class<?>> TABLES =
      List.of(
          PeerTable.class,
          MessageTable.class,
          StateTable.class,
          SqlLockTable.class,
          EventTable.class);

  @Test
  void onlyPeerWritesHoldsThePeerCacheAndPeerTableCannotWrite() {
    assertThat(fieldTypes(PeerTable.class))
        .contains(SqlReads.class, PeerWrites.class, CachedPeers.class)
        .doesNotContain(Database.class, SqlWrites.class, PeerCache.class);
    assertThat(fieldTypes(PeerWrites.class)).contains(PeerCache.class);
    for (Class<?> table : TABLES) {
      assertThat(fieldTypes(table)).as(table.getSimpleName()).doesNotContain(PeerCache.class);
    }
    assertThat(fieldTypes(JdbcStore.class)).doesNotContain(PeerCache.class, PeerWrites.class);
  }

  @Test
  void messageRowsAreReadOnlyThroughMessageReads() {
    assertThat(fieldTypes(MessageTable.class))
        .contains(SqlWrites.class, MessageReads.class)
        .doesNotContain(Database.class, SqlReads.class);
    assertThat(SqlWrites.class.getMethods())
        .extracting(m -> m.getName())
        .doesNotContain("query", "queryOne", "withConnection");
  }

  private static List<Class<?>> fieldTypes(Class<?> type) {
    return Arrays.stream(type.getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()))
        .<Class<?>>map(Field::getType)
        .toList();
  }
}
