package dev.slmmesh.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A made-up process table: who is whose parent, command lines, environments, and who got SIGTERM.
 */
final class FakeProcesses implements ProcessTable {
  static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

  private final long self;
  private final Map<Long, ProcessView> processes = new LinkedHashMap<>();
  private final Map<Long, Map<String, String>> environments = new HashMap<>();
  final List<Long> terminated = new ArrayList<>();

  FakeProcesses(long self, long parent) {
    this.self = self;
    add(self, parent, "java", "-cp", "test-classes", "org.junit.Runner");
  }

  FakeProcesses add(long pid, long parent, String... argv) {
    return add(pid, parent, LONG_AGO, argv);
  }

  FakeProcesses add(long pid, long parent, Instant started, String... argv) {
    processes.put(pid, new ProcessView(pid, parent, List.of(argv), started));
    return this;
  }

  FakeProcesses env(long pid, Map<String, String> env) {
    environments.put(pid, env);
    return this;
  }

  @Override
  public long self() {
    return self;
  }

  @Override
  public Optional<ProcessView> find(long pid) {
    return Optional.ofNullable(processes.get(pid));
  }

  @Override
  public List<ProcessView> all() {
    return new ArrayList<>(processes.values());
  }

  @Override
  public Map<String, String> environment(long pid) {
    return environments.getOrDefault(pid, Map.of());
  }

  @Override
  public boolean terminate(long pid) {
    terminated.add(pid);
    return processes.remove(pid) != null;
  }

  @Override
  public boolean awaitExit(long pid, long millis) {
    return !processes.containsKey(pid);
  }
}
