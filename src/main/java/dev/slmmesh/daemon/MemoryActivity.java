package dev.slmmesh.daemon;

import dev.slmmesh.broker.MeshActivity;
import dev.slmmesh.memory.MeshMemory;
import java.util.Map;
import java.util.Optional;

/** Hands the broker's activity to the memory bridge's queue (which never waits). */
final class MemoryActivity implements MeshActivity, AutoCloseable {
  private final MeshMemory memory;

  MemoryActivity(MeshMemory memory) {
    this.memory = memory;
  }

  @Override
  public void message(String from, String to, String text) {
    memory.message(from, to, text);
  }

  @Override
  public void stateChanged(String namespace, String key, String value, String by) {
    memory.state(namespace, key, value, by);
  }

  @Override
  public void event(String type, String by, String payloadJson) {
    memory.event(type, by, payloadJson);
  }

  @Override
  public Optional<Map<String, Object>> report() {
    return Optional.of(memory.report());
  }

  @Override
  public void close() {
    memory.close();
  }
}
