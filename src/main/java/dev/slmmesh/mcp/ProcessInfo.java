package dev.slmmesh.mcp;

import java.util.List;

/** One process as agent detection sees it: parent, short name, command-line arguments. */
record ProcessInfo(long pid, long parentPid, String command, List<String> args) {
  ProcessInfo {
    args = List.copyOf(args);
  }
}
