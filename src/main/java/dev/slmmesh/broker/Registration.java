package dev.slmmesh.broker;

import org.jspecify.annotations.Nullable;

/**
 * A {@code /register} request after field parsing. The first seven fields are the original's;
 * the rest are ours: ask for a credential, acknowledge pushes, report the delivery path, and
 * reclaim an earlier identity ({@code peerId} + {@code credential}).
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
    @Nullable String credential) {}
