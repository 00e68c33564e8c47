package dev.slmmesh.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;

/** Reads without the channel's blocking lock, so writes on the same channel never wait. */
final class ReadOnlyChannel implements ReadableByteChannel {
  private final SocketChannel ch;

  ReadOnlyChannel(SocketChannel ch) {
    this.ch = ch;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return ch.read(dst);
  }

  @Override
  public boolean isOpen() {
    return ch.isOpen();
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
