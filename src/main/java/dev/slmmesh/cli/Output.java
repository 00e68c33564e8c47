package dev.slmmesh.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import java.io.PrintStream;

/**
 * Where a command prints: stdout for results (text, tables, or one compact JSON document with
 * {@code --json}), stderr for progress and errors. Nothing else writes to these streams.
 */
final class Output {
  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;

  Output(PrintStream out, PrintStream err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** A result line (human mode only; JSON mode prints documents). */
  void line(String text) {
    if (!json) {
      out.println(text);
    }
  }

  /** A progress or diagnostic line on stderr (both modes: stdout stays parseable). */
  void note(String text) {
    err.println(text);
  }

  void table(Table table) {
    if (!json) {
      table.lines().forEach(out::println);
    }
  }

  /** Prints one JSON document, compact, on one line (JSON mode only). */
  void document(Object node) {
    if (json) {
      out.println(Json.write(node));
    }
  }

  /** The failure of a command: {@code {"ok":false,"error":...}} or {@code Error: ...}. */
  void failure(String message) {
    if (json) {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("ok", false);
      node.put("error", message);
      out.println(Json.write(node));
    } else {
      err.println("Error: " + message);
    }
  }
}
