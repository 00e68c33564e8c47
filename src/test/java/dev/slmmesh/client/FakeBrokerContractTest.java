package dev.slmmesh.client;

import java.nio.file.Path;

/**
 * The API contract on the test fake, which client and MCP tests trust to behave like the broker.
 */
class FakeBrokerContractTest extends MeshApiContract {
  @Override
  AutoCloseable startBroker(Path data) throws Exception {
    return FakeBroker.start(data);
  }
}
