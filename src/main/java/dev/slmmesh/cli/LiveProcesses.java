package dev.slmmesh.cli;

import dev.slmmesh.base.ProcFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real process table: parents and start times from {@link ProcessHandle} (which refuses a
 * parent younger than its child, so a reused PID is never taken for a parent), command lines and
 * environments from {@code /proc/<pid>/cmdline} and {@code /proc/<pid>/environ} where they exist,
 * else from {@link ProcessHandle.Info}.
 */
final class LiveProcesses implements ProcessTable {
  private static final ProcFiles PROC = ProcFiles.SYSTEM;

  @Override
  public long self() {
    return ProcessHandle.current().pid();
  }

  @Override
  public Optional<ProcessView> find(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(this::view);
  }

  @Override
  public List<ProcessView> all() {
    List<ProcessView> out = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(h -> out.add(view(h)));
    return out;
  }

  private ProcessView view(ProcessHandle h) {
    long parent = h.parent().map(ProcessHandle::pid).orElse(0L);
    Instant started = h.info().startInstant().orElse(null);
    return new ProcessView(h.pid(), parent, argv(h), started);
  }

  private static List<String> argv(ProcessHandle h) {
    List<String> fromProc = PROC.argv(h.pid());
    if (!fromProc.isEmpty()) {
      return fromProc;
    }
    List<String> argv = new ArrayList<>();
    h.info().command().ifPresent(argv::add);
    h.info().arguments().ifPresent(a -> argv.addAll(List.of(a)));
    return argv;
  }

  @Override
  public Map<String, String> environment(long pid) {
    Optional<byte[]> raw = PROC.read(pid, "environ");
    Map<String, String> env = new HashMap<>();
    raw.ifPresent(
        bytes -> {
          for (String entry : ProcFiles.splitNul(bytes)) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
              env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
          }
        });
    return env;
  }

  @Override
  public boolean terminate(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::destroy).orElse(false);
  }

  @Override
  public boolean awaitExit(long pid, long millis) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return true;
    }
    try {
      handle.get().onExit().get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !handle.get().isAlive();
    } catch (ExecutionException e) {
      return !handle.get().isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.get().isAlive();
    }
  }
}
