package dev.slmmesh.mcp;

import org.jspecify.annotations.Nullable;

/** What this session tells the broker about itself at registration. */
record Profile(
    long pid,
    String projectPath,
    @Nullable String gitRoot,
    @Nullable String gitBranch,
    String agentType,
    @Nullable String udsPath,
    @Nullable String name) {}
