package dev.slmmesh.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Two network namespaces joined by a veth pair with a private /30 (10.211.x.1 and .2), loopback up
 * and a multicast route on the link so mDNS works across it; optionally a tcpdump capture of the
 * link. Names are unique per instance; {@link #close} deletes both namespaces (and so the pair).
 * Needs root: {@link #create} returns the reason when it cannot be done.
 */
public final class NetnsPair implements AutoCloseable {
  public final String nsA;
  public final String nsB;
  public final String addrA;
  public final String addrB;
  private final String vethA;
  private final String vethB;
  private boolean created;
  private @Nullable Process capture;

  public NetnsPair() {
    byte[] r = new byte[3];
    new SecureRandom().nextBytes(r);
    String suffix = HexFormat.of().formatHex(r);
    int net = 4 * (1 + new SecureRandom().nextInt(60));
    nsA = "slmA" + suffix;
    nsB = "slmB" + suffix;
    vethA = "vA" + suffix;
    vethB = "vB" + suffix;
    addrA = "10.211." + net + ".1";
    addrB = "10.211." + net + ".2";
  }

  /** Builds the pair; returns null on success, else why it could not (not root, no ip, ...). */
  public @Nullable String create() throws Exception {
    if (!"0".equals(run(List.of("id", "-u")).trim())) {
      return "not root, so no network namespaces can be created";
    }
    List<List<String>> steps =
        List.of(
            List.of("ip", "netns", "add", nsA),
            List.of("ip", "netns", "add", nsB),
            List.of("ip", "link", "add", vethA, "type", "veth", "peer", "name", vethB),
            List.of("ip", "link", "set", vethA, "netns", nsA),
            List.of("ip", "link", "set", vethB, "netns", nsB),
            List.of("ip", "-n", nsA, "addr", "add", addrA + "/30", "dev", vethA),
            List.of("ip", "-n", nsB, "addr", "add", addrB + "/30", "dev", vethB),
            List.of("ip", "-n", nsA, "link", "set", "lo", "up"),
            List.of("ip", "-n", nsB, "link", "set", "lo", "up"),
            List.of("ip", "-n", nsA, "link", "set", vethA, "up", "multicast", "on"),
            List.of("ip", "-n", nsB, "link", "set", vethB, "up", "multicast", "on"),
            List.of("ip", "-n", nsA, "route", "add", "224.0.0.0/4", "dev", vethA),
            List.of("ip", "-n", nsB, "route", "add", "224.0.0.0/4", "dev", vethB));
    for (List<String> step : steps) {
      Process p = new ProcessBuilder(step).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return String.join(" ", step) + ": " + out.trim();
      }
      created = created || "netns".equals(step.get(1));
    }
    return null;
  }

  /**
   * Cuts (false) or restores (true) the link between the two hosts by setting the second host's end
   * of the pair down or up; restoring puts back the multicast route that going down removed.
   */
  public void link(boolean up) throws IOException, InterruptedException {
    run(List.of("ip", "-n", nsB, "link", "set", vethB, up ? "up" : "down"));
    if (up) {
      run(List.of("ip", "-n", nsB, "route", "replace", "224.0.0.0/4", "dev", vethB));
    }
  }

  /** {@code ip netns exec <ns>}: the prefix that runs a command on one of the two hosts. */
  public static List<String> exec(String ns) {
    return List.of("ip", "netns", "exec", ns);
  }

  /** Starts tcpdump on host A's end of the link; false (and nothing started) when it is missing. */
  public boolean startCapture(Path pcap, Path log) throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v tcpdump").start();
    if (!which.waitFor(10, TimeUnit.SECONDS) || which.exitValue() != 0) {
      return false;
    }
    capture =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                nsA,
                "tcpdump",
                "-i",
                vethA,
                "-U",
                "-n",
                "-s",
                "0",
                "-w",
                pcap.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return true;
  }

  /** Stops the capture so the file is complete. */
  public void stopCapture() throws InterruptedException {
    Process p = capture;
    if (p != null) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** Source and destination IPv4 addresses of every Ethernet frame in a classic pcap file. */
  public static Set<String> ipv4Addresses(byte[] pcap) {
    ByteBuffer b = ByteBuffer.wrap(pcap);
    int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    b.order(
        magic == 0xa1b2c3d4 || magic == 0xa1b23c4d
            ? ByteOrder.LITTLE_ENDIAN
            : ByteOrder.BIG_ENDIAN);
    Set<String> out = new HashSet<>();
    int at = 24;
    while (at + 16 <= pcap.length) {
      int length = b.getInt(at + 8);
      int frame = at + 16;
      if (length < 0 || frame + length > pcap.length) {
        break;
      }
      if (length >= 34 && (pcap[frame + 12] & 0xff) == 0x08 && pcap[frame + 13] == 0x00) {
        out.add(ip(pcap, frame + 26));
        out.add(ip(pcap, frame + 30));
      }
      at = frame + length;
    }
    return out;
  }

  private static String ip(byte[] bytes, int at) {
    return (bytes[at] & 0xff)
        + "."
        + (bytes[at + 1] & 0xff)
        + "."
        + (bytes[at + 2] & 0xff)
        + "."
        + (bytes[at + 3] & 0xff);
  }

  /** Runs a command to its end (bounded) and returns its output, stderr included. */
  public static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }

  /** Stops the capture and deletes both namespaces; the veth pair goes with them. */
  @Override
  public void close() throws Exception {
    stopCapture();
    if (created) {
      run(List.of("ip", "netns", "del", nsA));
      run(List.of("ip", "netns", "del", nsB));
    }
  }

  /** True when the file exists and contains {@code text} (read as bytes). */
  public static boolean contains(Path file, String text) throws IOException {
    return Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text);
  }
}
