package dev.slmmesh.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection to the broker over a plain socket: the smallest client there
 * is, so the figures measure the broker and not a client library. Not thread-safe: one connection
 * per thread. Every read is bounded by the socket timeout.
 */
final class HttpConn implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 10_000;
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String prefix;
  private long lastWriteNanos;

  HttpConn(int port, String token) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
    prefix =
        "Host: 127.0.0.1:"
            + port
            + "\r\n"
            + (token.isEmpty() ? "" : "Authorization: Bearer " + token + "\r\n");
  }

  /** A reply: HTTP status and body text. */
  record Reply(int status, String body) {
    /** Status 200 and {@code "ok":true} (every route of the broker but /status and /health). */
    boolean ok() {
      return status == 200 && body.startsWith("{\"ok\":true");
    }

    /** The string value of a top-level field, found by text search (our replies are compact). */
    String field(String name) {
      return Json.stringField(body, name);
    }
  }

  Reply post(String path, String json) throws IOException {
    write(request("POST", path, json));
    return read();
  }

  Reply get(String path) throws IOException {
    write(request("GET", path, null));
    return read();
  }

  /** The request bytes, built before the clock starts. */
  byte[] request(String method, String path, String json) {
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\n"
            + prefix
            + (json == null
                ? ""
                : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
            + "\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /** Writes a prepared request; {@link #lastWriteNanos} is taken just before the write. */
  void write(byte[] request) throws IOException {
    lastWriteNanos = System.nanoTime();
    out.write(request);
    out.flush();
  }

  long lastWriteNanos() {
    return lastWriteNanos;
  }

  Reply read() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    int length = -1;
    int headerBytes = 0;
    for (String header = line(); !header.isEmpty(); header = line()) {
      headerBytes += header.length();
      if (headerBytes > MAX_HEADER_BYTES) {
        throw new IOException("response headers over " + MAX_HEADER_BYTES + " bytes");
      }
      int colon = header.indexOf(':');
      if (colon > 0 && header.substring(0, colon).equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(header.substring(colon + 1).trim());
      }
    }
    if (length < 0 || length > MAX_BODY_BYTES) {
      throw new IOException("response without a usable Content-Length: " + length);
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new EOFException("response body cut short");
    }
    return new Reply(code, new String(body, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    for (int i = 0; i < MAX_HEADER_BYTES; i++) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed by the broker");
      }
      if (b == '\n') {
        String s = buf.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      buf.write(b);
    }
    throw new IOException("header line over " + MAX_HEADER_BYTES + " bytes");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
