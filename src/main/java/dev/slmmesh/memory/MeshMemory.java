package dev.slmmesh.memory;

import dev.slmmesh.base.Threads;
import dev.slmmesh.config.MemorySettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers what happens on the mesh, off the request path: {@link #message}, {@link #state} and
 * {@link #event} only put an item in a bounded queue (never waiting: a full queue drops the item
 * and counts it), and one named thread detects the memory system, then formats, filters and writes
 * each item. A slow or failing memory system costs dropped memory writes, counted in {@link
 * #report} ({@code /status}), and never a mesh request.
 */
public final class MeshMemory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MeshMemory.class);
  public static final int QUEUE = 256;

  /** Raw text kept per item: the form shows 200 characters, the secret filter sees a bit more. */
  static final int KEEP = 1000;

  sealed interface Item permits MessageItem, StateItem, EventItem {}

  record MessageItem(String from, String to, String text) implements Item {}

  record StateItem(String namespace, String key, String value, String by) implements Item {}

  record EventItem(String type, String by, String payload) implements Item {}

  private final Supplier<MemoryBridges.Detection> detector;
  private final MemorySettings settings;
  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong remembered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile @Nullable MemoryBridge bridge;
  private volatile boolean detected;
  private volatile boolean off;
  private volatile @Nullable String lastError;
  private @Nullable Thread writer;

  MeshMemory(Supplier<MemoryBridges.Detection> detector, MemorySettings settings) {
    this.detector = detector;
    this.settings = settings;
  }

  /** Starts the writer thread, which first detects the memory system and logs one line. */
  public static MeshMemory start(MemorySettings settings, Map<String, String> env) {
    MeshMemory memory = new MeshMemory(() -> MemoryBridges.detect(settings, env), settings);
    if (!settings.enabled()) {
      memory.detect();
      return memory;
    }
    Thread t = Threads.daemon("memory-writer", memory::runWriter);
    memory.writer = t;
    t.start();
    return memory;
  }

  public void message(String from, String to, String text) {
    offer(new MessageItem(from, to, cut(text)));
  }

  public void state(String namespace, String key, String value, String by) {
    offer(new StateItem(namespace, key, cut(value), by));
  }

  public void event(String type, String by, String payload) {
    if (!MemoryForms.COVERED.contains(type)) {
      offer(new EventItem(type, by, cut(payload)));
    }
  }

  /** For {@code /status}: the bridge and its counters (keys in a fixed order). */
  public Map<String, Object> report() {
    MemoryBridge b = bridge;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("bridge", b != null ? b.describe() : detected ? "off" : "detecting");
    r.put("remembered", remembered.get());
    r.put("dropped", dropped.get());
    r.put("skipped", skipped.get());
    r.put("queued", queue.size());
    r.put("lastError", lastError);
    return r;
  }

  private void offer(Item item) {
    if (off) {
      return;
    }
    if (!queue.offer(item)) {
      dropped.incrementAndGet();
    }
  }

  private static String cut(String text) {
    return text.length() <= KEEP ? text : text.substring(0, KEEP);
  }

  private void runWriter() {
    detect();
    try {
      while (!off) {
        writeOne(queue.take());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Detects once; when nothing is found, the queue is emptied and later items are ignored. */
  void detect() {
    MemoryBridges.Detection d = detector.get();
    bridge = d.bridge();
    detected = true;
    LOG.info("{}", d.line());
    if (d.bridge() == null) {
      off = true;
      queue.clear();
    }
  }

  /** Writes everything queued now, on the calling thread (tests drive the writer this way). */
  void writeQueued() {
    for (Item item = queue.poll(); item != null; item = queue.poll()) {
      writeOne(item);
    }
  }

  private void writeOne(Item item) {
    MemoryBridge b = bridge;
    if (b == null) {
      return;
    }
    Optional<String> text = MemoryForms.text(item, settings.excludedNamespaces());
    if (text.isEmpty()) {
      skipped.incrementAndGet();
      return;
    }
    try {
      b.remember(text.get());
      remembered.incrementAndGet();
      if (lastError != null) {
        LOG.info("Memory bridge works again ({})", b.describe());
        lastError = null;
      }
    } catch (MemoryException e) {
      dropped.incrementAndGet();
      if (lastError == null) {
        LOG.warn("Memory write dropped, and later ones until it works again: {}", e.getMessage());
      }
      lastError = e.getMessage();
    }
  }

  /** Stops the writer; what is still queued is not written (counted as dropped). */
  @Override
  public void close() {
    off = true;
    Thread t = writer;
    if (t != null) {
      t.interrupt();
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dropped.addAndGet(queue.size());
    queue.clear();
  }
}
