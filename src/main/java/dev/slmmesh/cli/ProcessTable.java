package dev.slmmesh.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes of this machine that this user may inspect. An interface so that the rules that
 * decide which process is ours ({@link OurProcesses}) are tested against made-up process trees.
 */
interface ProcessTable {
  /** This process's id. */
  long self();

  Optional<ProcessView> find(long pid);

  /** Every process this user can see, in no particular order. */
  List<ProcessView> all();

  /**
   * The initial environment of a process; empty when it cannot be read (another user, no /proc).
   */
  Map<String, String> environment(long pid);

  /** Sends SIGTERM; false if the process was gone or could not be signalled. */
  boolean terminate(long pid);

  /** Waits up to {@code millis} for the process to end; true if it is gone. */
  boolean awaitExit(long pid, long millis);
}
