package dev.slmmesh.store;

/**
 * The tables of one store, composed: what work inside {@link Store#atomically} is given, all of
 * whose calls commit or roll back together. A {@link Store} is itself one, whose every call is a
 * transaction of its own (or joins the calling thread's).
 */
public interface Transaction {
  PeerStore peers();

  MessageStore messages();

  StateStore state();

  LockStore locks();

  EventStore events();

  /**
   * Runs {@code action} once the calling thread's current transaction has committed (never, if it
   * rolls back), or at once outside a transaction. For telling others about a write only after it
   * is stored. The action must be quick and must not throw; it may run holding the store's lock, so
   * it must not call the store.
   */
  void afterCommit(Runnable action);
}
