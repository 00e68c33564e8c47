package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void alignsColumnsToTheWidestCellWithoutTrailingBlanks() {
    Table t =
        new Table(List.of("NAME", "ID", "PROJECT"), 0, 0, 0)
            .row("peer-a", "1", "/x")
            .row("p", "123456", "/long/path");
    assertThat(t.lines())
        .containsExactly(
            "NAME    ID      PROJECT",
            "------  ------  ----------",
            "peer-a  1       /x",
            "p       123456  /long/path");
  }

  @Test
  void cutsLongCellsAndFlattensControlCharacters() {
    Table t = new Table(List.of("A", "B"), 6, 0).row("abcdefghij", "line1\nline2\tend");
    assertThat(t.lines().get(2)).isEqualTo("abc...  line1 line2 end");
    assertThat(Table.cut("abcdef", 3)).isEqualTo("abc");
  }

  @Test
  void formatsUptimeAndBytesAsTheOriginalDoes() {
    assertThat(Formats.uptime(42)).isEqualTo("42s");
    assertThat(Formats.uptime(187)).isEqualTo("3m 7s");
    assertThat(Formats.uptime(7200)).isEqualTo("2h");
    assertThat(Formats.uptime(7500)).isEqualTo("2h 5m");
    assertThat(Formats.bytes(512)).isEqualTo("512 B");
    assertThat(Formats.bytes(4096)).isEqualTo("4.0 KB");
    assertThat(Formats.bytes(1536L * 1024)).isEqualTo("1.5 MB");
    assertThat(Formats.bytes(2L * 1024 * 1024 * 1024)).isEqualTo("2.0 GB");
    assertThat(Formats.count(1, "process", "processes")).isEqualTo("1 process");
    assertThat(Formats.count(2, "peer")).isEqualTo("2 peers");
  }
}
