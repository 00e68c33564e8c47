package dev.slmmesh.client;

import dev.slmmesh.config.Config;
import dev.slmmesh.daemon.BrokerDaemon;
import java.nio.file.Path;

/**
 * The API contract on the real broker, started in this JVM on a free port and its own data
 * directory.
 */
class RealBrokerContractIT extends MeshApiContract {
  @Override
  AutoCloseable startBroker(Path data) throws Exception {
    BrokerDaemon daemon = BrokerDaemon.start(Config.defaults(data).withPort(0));
    return daemon::close;
  }
}
