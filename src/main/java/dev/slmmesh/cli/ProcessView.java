package dev.slmmesh.cli;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One process as the CLI sees it: parent, command line, start time (null when unknown). */
record ProcessView(long pid, long parentPid, List<String> argv, @Nullable Instant started) {
  ProcessView {
    argv = List.copyOf(argv);
  }
}
