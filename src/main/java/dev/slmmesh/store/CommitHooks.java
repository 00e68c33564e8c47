package dev.slmmesh.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The after-commit hooks of {@link Database}'s open transaction, in the order they were added: run
 * together once it commits, dropped (from a savepoint's first hook on) when it rolls back. Used
 * only under the database's lock.
 */
final class CommitHooks {
  private final List<Runnable> hooks = new ArrayList<>();

  void add(Runnable hook) {
    hooks.add(hook);
  }

  /** How many hooks are queued: the mark to {@link #dropFrom} if a savepoint rolls back. */
  int mark() {
    return hooks.size();
  }

  void dropFrom(int mark) {
    hooks.subList(mark, hooks.size()).clear();
  }

  /** Runs and forgets every queued hook (a hook that adds another runs it with the next commit). */
  void run() {
    List<Runnable> due = List.copyOf(hooks);
    hooks.clear();
    due.forEach(Runnable::run);
  }
}
