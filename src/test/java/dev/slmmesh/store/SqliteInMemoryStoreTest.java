package dev.slmmesh.store;

/** The store contract against a private in-memory SQLite database. */
final class SqliteInMemoryStoreTest extends AbstractStoreContractTest {
  @Override
  Store createStore() {
    return SqliteStore.inMemory();
  }
}
