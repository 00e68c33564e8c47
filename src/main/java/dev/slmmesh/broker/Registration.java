package dev.slmmesh.broker;

import org.jspecify.annotations.Nullable;

/**
 * A {@code /register} request after field parsing. The first seven fields are the original's; the
 * rest are ours: ask for a credential, acknowledge pushes, report the delivery path, and reclaim an
 * earlier identity ({@code peerId} + {@code credential}). {@code remote}: the caller came through
 * the hub's network port, so the machine is the one it names (never the hub's), it has no Unix
 * socket here, and it always gets a credential.
 */
public record Registration(
    String projectPath,
    long pid,
    @Nullable String name,
    @Nullable String gitRoot,
    @Nullable String gitBranch,
    String agentType,
    @Nullable String udsPath,
    boolean requestCredential,
    boolean acknowledges,
    @Nullable String deliveryPath,
    @Nullable String peerId,
    @Nullable String credential,
    boolean remote,
    @Nullable String machineId,
    @Nullable String machineName) {

  /** A local registration (the hub's own machine). */
  public Registration(
      String projectPath,
      long pid,
      @Nullable String name,
      @Nullable String gitRoot,
      @Nullable String gitBranch,
      String agentType,
      @Nullable String udsPath,
      boolean requestCredential,
      boolean acknowledges,
      @Nullable String deliveryPath,
      @Nullable String peerId,
      @Nullable String credential) {
    this(
        projectPath,
        pid,
        name,
        gitRoot,
        gitBranch,
        agentType,
        udsPath,
        requestCredential,
        acknowledges,
        deliveryPath,
        peerId,
        credential,
        false,
        null,
        null);
  }
}
