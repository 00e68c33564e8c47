package dev.slmmesh.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slmmesh.testkit.FakePeer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketFilesTest {

  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  @Test
  void acceptsASocketFileAndRefusesAnythingElse() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Path link = Files.createSymbolicLink(dir.resolve("l.sock"), socket);
      Path file = Files.writeString(dir.resolve("f.sock"), "x");
      Path subdir = Files.createDirectory(dir.resolve("d.sock"));

      assertThat(SocketFiles.refusal(socket)).isEmpty();
      assertThat(SocketFiles.refusal(link)).contains("is a symbolic link");
      assertThat(SocketFiles.refusal(file)).contains("is a regular file, not a socket");
      assertThat(SocketFiles.refusal(subdir)).contains("is a directory, not a socket");
    }
  }

  @Test
  void reportsAMissingPathAsNoSuchFile() {
    assertThatThrownBy(() -> SocketFiles.refusal(dir.resolve("missing.sock")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
