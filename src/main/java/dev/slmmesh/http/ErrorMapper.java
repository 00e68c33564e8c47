package dev.slmmesh.http;

import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.wire.Reply;
import dev.slmmesh.wire.WireText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place exceptions become responses (reference §3.1: app errors are 200 + ok:false). */
final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  record Failure(int status, Reply body) {}

  static Failure map(Throwable t, String route) {
    if (t instanceof BrokerException) {
      BrokerException e = (BrokerException) t;
      return new Failure(e.status(), Reply.error(e.getMessage()));
    }
    LOG.error("Unexpected failure in {}", route, t);
    return new Failure(500, Reply.error(WireText.INTERNAL));
  }
}
