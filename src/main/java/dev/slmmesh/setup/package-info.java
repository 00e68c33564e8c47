/**
 * Setting up agent clients: one descriptor per client ({@code ClientDescriptor}) naming its
 * settings files, formats, MCP entry, hooks, slash-command folder and what it still needs; the JSON
 * and TOML editors that write them safely; the hook scripts. Used by the CLI's {@code setup},
 * {@code doctor}, {@code hook} and {@code guard}; imports only {@code config} and {@code wire}.
 */
@NullMarked
package dev.slmmesh.setup;

import org.jspecify.annotations.NullMarked;
