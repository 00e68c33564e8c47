package dev.slmmesh.mcp;

import java.util.Locale;

/**
 * {@code SLM_MESH_CHANNELS}: whether this session sends Claude Code channel notifications and
 * whether a sent one counts as shown to the model.
 */
enum ChannelMode {
  /** Send them; count them as shown: the user says the client displays channels. */
  ON,
  /** Never send them (and do not declare the capability). */
  OFF,
  /** Send them; count them as shown only when the client was started with channels enabled. */
  AUTO;

  static ChannelMode parse(String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "on":
      case "true":
      case "1":
        return ON;
      case "off":
      case "false":
      case "0":
        return OFF;
      default:
        return AUTO;
    }
  }
}
