/**
 * The memory bridge (docs/memory.md): remembers what happens on the mesh in a long-term memory
 * system and recalls it. {@link dev.slmmesh.memory.MemoryBridge} is the seam; the SuperLocalMemory
 * bridge reaches that system through its {@code slm} command or its HTTP endpoint. Imports only
 * {@code config}; used by {@code daemon} (remember), {@code cli} and {@code mcp} (recall).
 */
@NullMarked
package dev.slmmesh.memory;

import org.jspecify.annotations.NullMarked;
