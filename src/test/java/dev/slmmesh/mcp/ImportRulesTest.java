package dev.slmmesh.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** CONVENTIONS.md rule 1: mcp and client speak HTTP only; they import no broker-side package. */
class ImportRulesTest {
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "^import\\s+(static\\s+)?dev\\.slmmesh\\.(broker|store|http|push|daemon|cli)\\.",
          Pattern.MULTILINE);
  private static final Pattern MCP_IN_CLIENT =
      Pattern.compile("^import\\s+(static\\s+)?dev\\.slmmesh\\.mcp\\.", Pattern.MULTILINE);

  private static List<Path> sources(String pkg) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/slmmesh", pkg))) {
      return files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList());
    }
  }

  @Test
  void mcpAndClientImportOnlyClientWireAndConfig() throws IOException {
    List<Path> offenders = Stream.concat(sources("mcp").stream(), sources("client").stream())
        .filter(f -> FORBIDDEN.matcher(read(f)).find())
        .collect(Collectors.toList());
    assertThat(sources("mcp")).isNotEmpty();
    assertThat(offenders).isEmpty();
  }

  @Test
  void clientDoesNotDependOnMcp() throws IOException {
    assertThat(sources("client")).noneMatch(f -> MCP_IN_CLIENT.matcher(read(f)).find());
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
