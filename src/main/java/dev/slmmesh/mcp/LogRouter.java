package dev.slmmesh.mcp;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MCP server's {@code System.err} in the default log mode (docs/mcp.md, "Logs"): clients such
 * as Claude Code show everything a server writes on stderr as an error, so only warnings and errors
 * go there; every log line (warnings included) goes to the session log file. A line that starts a
 * log record takes the record's level; the lines after it (a stack trace, a message of several
 * lines) go where the record went. An uncaught exception's report goes to both.
 */
final class LogRouter extends OutputStream {
  /** The start of a record as {@code simplelogger.properties} formats it: time, then the level. */
  private static final Pattern RECORD =
      Pattern.compile("^\\S+ \\[(TRACE|DEBUG|INFO|WARN|ERROR)\\] ");

  /** How the JVM's default handler starts the report of an uncaught exception. */
  private static final byte[] UNCAUGHT = "Exception in thread ".getBytes(StandardCharsets.UTF_8);

  private static final int MAX_LINE = 64 * 1024;

  private final OutputStream stderr;
  private final SessionLog file;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private boolean toStderr = true;

  LogRouter(OutputStream stderr, SessionLog file) {
    this.stderr = stderr;
    this.file = file;
  }

  /** Makes {@code System.err} a router to the real stderr and {@code file}. */
  static void install(SessionLog file) {
    System.setErr(new PrintStream(new LogRouter(System.err, file), true, StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void write(int b) {
    line.write(b);
    if (b == '\n' || line.size() >= MAX_LINE) {
      route();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void flush() {
    if (line.size() > 0) {
      route();
    }
    try {
      stderr.flush();
    } catch (java.io.IOException e) {
      // stderr is gone (the client closed it): nothing left to tell it
    }
  }

  private void route() {
    byte[] bytes = line.toByteArray();
    line.reset();
    Matcher m =
        RECORD.matcher(new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8));
    if (m.find()) {
      toStderr = m.group(1).equals("WARN") || m.group(1).equals("ERROR");
    } else if (startsWith(bytes, UNCAUGHT)) {
      toStderr = true;
    }
    file.append(bytes);
    if (toStderr) {
      try {
        stderr.write(bytes);
      } catch (java.io.IOException e) {
        // stderr is gone (the client closed it): the line is in the file
      }
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
