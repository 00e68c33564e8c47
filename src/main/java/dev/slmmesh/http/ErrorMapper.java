package dev.slmmesh.http;

import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.store.StoreException;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.WireText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place exceptions become responses (docs/wire.md). */
final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  /** Prefix of the error while the disk is full; the store recovers by itself once it is not. */
  static final String STORAGE_FULL =
      "storage full: the disk holding the broker's database is full, nothing was stored;"
          + " free disk space in the data directory and retry";

  /** Prefix of the error while the database cannot be written. */
  static final String STORAGE_READ_ONLY =
      "storage read-only: the broker's database or its data directory cannot be written, nothing"
          + " was stored; make them writable by the broker's user and retry";

  private ErrorMapper() {}

  record Failure(int status, Answer.Refusal body) {}

  static Failure map(Throwable t, String route) {
    if (t instanceof BrokerException) {
      BrokerException e = (BrokerException) t;
      return new Failure(e.status(), new Answer.Refusal(e.getMessage()));
    }
    if (t instanceof StoreException && userCanFix((StoreException) t)) {
      // an application error (200 + ok:false) the caller can act on, not a broker bug
      StoreException e = (StoreException) t;
      String text = e.kind() == StoreException.Kind.FULL ? STORAGE_FULL : STORAGE_READ_ONLY;
      LOG.warn("{} failed: {}", route, e.getMessage());
      return new Failure(200, new Answer.Refusal(text + " (" + e.getMessage() + ")"));
    }
    LOG.error("Unexpected failure in {}", route, t);
    return new Failure(500, new Answer.Refusal(WireText.INTERNAL));
  }

  private static boolean userCanFix(StoreException e) {
    return e.kind() == StoreException.Kind.FULL || e.kind() == StoreException.Kind.READ_ONLY;
  }
}
