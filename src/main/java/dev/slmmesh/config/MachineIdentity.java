package dev.slmmesh.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Which machine this process runs on: a random id kept in {@code <data>/machine.id} (created on
 * first use, 0600) and a display name ({@code SLM_MESH_MACHINE_NAME}, else the host name). Peers
 * carry both so a mesh spanning machines can tell where each session runs.
 */
public record MachineIdentity(String id, String name) {

  public MachineIdentity {
    if (id.isBlank() || id.length() > 64) {
      throw new IllegalArgumentException("machine id must be 1..64 characters, got \"" + id + "\"");
    }
  }

  /**
   * Reads (or creates) the id of the data directory's machine; the name from settings or the OS.
   */
  public static MachineIdentity load(DataDir dir, MeshSettings mesh) throws IOException {
    Path file = dir.root().resolve("machine.id");
    String id = SecureFiles.read(file).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    if (id == null) {
      SecureFiles.ensureDir(dir.root());
      id = UUID.randomUUID().toString();
      SecureFiles.writeAtomically(file, id);
    }
    return new MachineIdentity(id, mesh.machineName() != null ? mesh.machineName() : hostName());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      // no resolvable host name (a bare container): the id still tells machines apart
      return "localhost";
    }
  }
}
