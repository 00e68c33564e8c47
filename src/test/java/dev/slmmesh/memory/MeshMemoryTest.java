package dev.slmmesh.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.config.MemorySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The queue and counters, driven on the test thread ({@link MeshMemory#writeQueued}). */
class MeshMemoryTest {
  private static final MemorySettings SETTINGS =
      new MemorySettings(true, null, MemorySettings.URL, Set.of("private"), Duration.ofSeconds(5));

  /** Remembers into a list, or fails while {@code failing} is set. */
  static final class ListBridge implements MemoryBridge {
    final List<String> texts = new ArrayList<>();
    boolean failing;

    @Override
    public String describe() {
      return "list";
    }

    @Override
    public String setting() {
      return "SLM_MESH_MEMORY";
    }

    @Override
    public void remember(String text) throws MemoryException {
      if (failing) {
        throw new MemoryException("SuperLocalMemory failed; check SLM_MESH_MEMORY");
      }
      texts.add(text);
    }

    @Override
    public List<String> recall(String query, int limit) {
      return texts;
    }
  }

  private static MeshMemory memory(MemoryBridge bridge) {
    MeshMemory m = new MeshMemory(() -> new MemoryBridges.Detection(bridge, "on"), SETTINGS);
    m.detect();
    return m;
  }

  @Test
  void remembersEachItemInOrderAndCountsIt() {
    ListBridge bridge = new ListBridge();
    MeshMemory m = memory(bridge);
    m.message("a", "b", "hello");
    m.state("default", "branch", "main", "a");
    m.state("default", "api_key", "x", "a");
    m.state("private", "note", "x", "a");
    m.event("deploy", "a", "{}");
    m.event("message_received", "a", "{}");
    m.writeQueued();
    assertThat(bridge.texts)
        .containsExactly(
            "[mesh:message] a -> b: hello",
            "[mesh:state] default/branch = main (by a)",
            "[mesh:event] deploy by a: {}");
    assertThat(m.report())
        .containsEntry("bridge", "list")
        .containsEntry("remembered", 3L)
        .containsEntry("skipped", 2L)
        .containsEntry("dropped", 0L)
        .containsEntry("queued", 0);
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfWaiting() {
    ListBridge bridge = new ListBridge();
    MeshMemory m = memory(bridge);
    for (int i = 0; i < MeshMemory.QUEUE + 10; i++) {
      m.message("a", "b", "m" + i);
    }
    assertThat(m.report()).containsEntry("dropped", 10L).containsEntry("queued", MeshMemory.QUEUE);
    m.writeQueued();
    assertThat(bridge.texts)
        .hasSize(MeshMemory.QUEUE)
        .first()
        .isEqualTo("[mesh:message] a -> b: m0");
  }

  @Test
  void aFailingMemorySystemCostsOnlyDroppedWritesAndSaysWhy() {
    ListBridge bridge = new ListBridge();
    MeshMemory m = memory(bridge);
    bridge.failing = true;
    m.message("a", "b", "one");
    m.message("a", "b", "two");
    m.writeQueued();
    assertThat(m.report())
        .containsEntry("dropped", 2L)
        .containsEntry("remembered", 0L)
        .containsEntry("lastError", "SuperLocalMemory failed; check SLM_MESH_MEMORY");
    bridge.failing = false;
    m.message("a", "b", "three");
    m.writeQueued();
    assertThat(bridge.texts).containsExactly("[mesh:message] a -> b: three");
    assertThat(m.report()).containsEntry("lastError", null).containsEntry("remembered", 1L);
  }

  @Test
  void withNoMemorySystemNothingIsQueuedOrCounted() {
    MeshMemory m = new MeshMemory(() -> new MemoryBridges.Detection(null, "off"), SETTINGS);
    m.message("a", "b", "before detection");
    m.detect();
    m.message("a", "b", "after");
    assertThat(m.report())
        .containsEntry("bridge", "off")
        .containsEntry("queued", 0)
        .containsEntry("dropped", 0L);
  }

  @Test
  void longTextsAreCutWhenQueued() {
    ListBridge bridge = new ListBridge();
    MeshMemory m = memory(bridge);
    m.message("a", "b", "y".repeat(70_000));
    m.writeQueued();
    assertThat(bridge.texts.get(0))
        .hasSize("[mesh:message] a -> b: ".length() + MemoryForms.EXCERPT);
  }
}
