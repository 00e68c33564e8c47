package dev.slmmesh.push;

/**
 * A snapshot of one link for diagnostics and tests; fields are read without a common lock, so they
 * may be from slightly different instants.
 */
record LinkStatus(Link.State state, int failures, long dropped, long pendingBytes) {}
