package dev.slmmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.cli.OurProcesses.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OurProcessesTest {
  @Test
  void recognisesTheJarAndTheMainClassAndTheirRoles() {
    assertThat(
            OurProcesses.role(
                List.of(
                    "/usr/bin/java",
                    "-Xshare:auto",
                    "-XX:SharedArchiveFile=/a b.jsa",
                    "-jar",
                    "/opt/slm/target/slm-mesh.jar",
                    "start")))
        .contains(Role.BROKER);
    assertThat(OurProcesses.role(List.of("java", "-jar", "slm-mesh.jar", "mcp")))
        .contains(Role.MCP_SERVER);
    assertThat(OurProcesses.role(List.of("java", "-jar", "slm-mesh.jar")))
        .contains(Role.MCP_SERVER);
    assertThat(
            OurProcesses.role(List.of("java", "-cp", "a.jar:b.jar", "dev.slmmesh.Main", "status")))
        .contains(Role.CLI);
    assertThat(
            OurProcesses.role(List.of("/jdk/bin/java", "-jar", "/x/slm-mesh-0.1.0.jar", "start")))
        .contains(Role.BROKER);
  }

  @Test
  void neverTakesAProcessThatOnlyMentionsSlmMesh() {
    assertThat(OurProcesses.role(List.of("vim", "/home/u/slm-mesh/README.md"))).isEmpty();
    assertThat(OurProcesses.role(List.of("tail", "-f", "/home/u/.slm-mesh/broker.log"))).isEmpty();
    assertThat(OurProcesses.role(List.of("bash", "/opt/slm/bin/slm-mesh", "mcp"))).isEmpty();
    assertThat(OurProcesses.role(List.of("node", "/usr/lib/node_modules/slm-mesh/dist/index.js")))
        .isEmpty();
    assertThat(OurProcesses.role(List.of("java", "-jar", "other.jar", "slm-mesh.jar", "start")))
        .isEmpty();
    assertThat(OurProcesses.role(List.of("java", "org.Other", "dev.slmmesh.Main", "start")))
        .isEmpty();
    assertThat(OurProcesses.role(List.of())).isEmpty();
  }

  @Test
  void readsTheDataDirectoryFromTheEnvironment() {
    assertThat(OurProcesses.dataDir(Map.of("SLM_MESH_DATA_DIR", "/d/../data", "HOME", "/h")))
        .contains(Path.of("/data"));
    assertThat(OurProcesses.dataDir(Map.of("HOME", "/h"))).contains(Path.of("/h/.slm-mesh"));
    assertThat(OurProcesses.dataDir(Map.of())).isEmpty();
  }
}
