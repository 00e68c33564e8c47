package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.testkit.FakePeer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketSweeperTest {
  @TempDir(factory = FakePeer.ShortTempDir.class)
  Path dir;

  @Test
  void removesRegularFilesAndSocketsNobodyListensOnButKeepsLiveOnes() throws Exception {
    Path regular = Files.createFile(dir.resolve("regular.sock"));
    Path dead = dir.resolve("dead.sock");
    try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      gone.bind(UnixDomainSocketAddress.of(dead));
    }
    Path other = Files.createFile(dir.resolve("notes.txt"));
    Path folder = Files.createDirectory(dir.resolve("folder.sock"));
    try (FakePeer live = FakePeer.listen(dir.resolve("live.sock"))) {
      assertThat(new SocketSweeper(List.of(dir, dir.resolve("missing"))).sweep()).isEqualTo(2);
      assertThat(regular).doesNotExist();
      assertThat(dead).doesNotExist();
      assertThat(live.path()).exists();
      assertThat(other).exists();
      assertThat(folder).exists();
    }
  }
}
