package dev.slmmesh.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A blocking read view of a socket channel. Unlike {@code Channels.newInputStream}, it does not
 * hold the channel's blocking lock while it waits, so another thread can write acknowledgements on
 * the same channel meanwhile.
 */
final class ChannelInput extends InputStream {
  private final SocketChannel channel;

  ChannelInput(SocketChannel channel) {
    this.channel = channel;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = channel.read(ByteBuffer.wrap(b, off, len));
    return n < 0 ? -1 : n;
  }
}
