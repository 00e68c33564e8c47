/**
 * The lowest layer: small helpers that every other package may use and that import nothing of the
 * project (named threads that log what they throw, the reconnect backoff, a bounded line reader,
 * the {@code /proc} reads).
 */
@NullMarked
package dev.slmmesh.base;

import org.jspecify.annotations.NullMarked;
