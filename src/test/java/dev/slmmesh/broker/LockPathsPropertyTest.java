package dev.slmmesh.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Lock-path normalization: the result is absolute and normal, normalizing it again changes nothing,
 * a relative path means the same file as its absolute form under the project, and anything else is
 * refused with an error naming filePath (never another exception).
 */
class LockPathsPropertyTest {

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment = Arbitraries.of("a", "b", ".", "..", "src", "x y", "ü", "");
    return segment
        .list()
        .ofMaxSize(8)
        .map(parts -> String.join("/", parts))
        .flatMap(rel -> Arbitraries.of(rel, "/" + rel));
  }

  @Property(tries = 500)
  void normalizedPathsAreAbsoluteNormalAndStable(@ForAll("paths") String filePath) {
    String base = "/work/project";
    String once;
    try {
      once = LockPaths.normalize(filePath, base);
    } catch (BrokerException e) {
      assertThat(e.getMessage()).startsWith("filePath");
      return;
    }
    assertThat(Path.of(once).isAbsolute()).isTrue();
    assertThat(Path.of(once).normalize().toString()).isEqualTo(once);
    assertThat(LockPaths.normalize(once, null)).isEqualTo(once);
    if (!filePath.startsWith("/")) {
      assertThat(once).isEqualTo(LockPaths.normalize(base + "/" + filePath, null));
    }
  }

  @Property(tries = 300)
  void anyStringIsNormalizedOrRefusedByName(@ForAll String filePath) {
    for (String base : List.of("/work/project", "relative")) {
      try {
        assertThat(LockPaths.normalize(filePath, base)).startsWith("/");
      } catch (BrokerException e) {
        assertThat(e.getMessage()).startsWith("filePath");
      }
    }
  }
}
