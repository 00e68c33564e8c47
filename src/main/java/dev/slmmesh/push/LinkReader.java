package dev.slmmesh.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of one connection: NDJSON lines from the peer, of which only well-formed acks from
 * an acknowledging peer for ids this connection sent count; everything else is logged at DEBUG and
 * ignored. Reading also notices when the peer closes. Confined to the link's I/O thread.
 */
final class LinkReader {

  private static final Logger LOG = LoggerFactory.getLogger(LinkReader.class);
  private static final int READS_PER_ROUND = 4;

  private final String peerId;
  private final boolean acknowledges;
  private final NdjsonReader ndjson;

  LinkReader(String peerId, boolean acknowledges) {
    this.peerId = peerId;
    this.acknowledges = acknowledges;
    this.ndjson = new NdjsonReader("peer " + peerId);
  }

  /**
   * Reads what is available, a bounded amount per round for fairness. Acknowledged ids are marked
   * in {@code sentIds} and added to {@code acked}. Returns false at end of stream.
   */
  boolean read(SocketChannel channel, ByteBuffer buffer, SentIds sentIds, List<String> acked)
      throws IOException {
    for (int i = 0; i < READS_PER_ROUND; i++) {
      buffer.clear();
      int n = channel.read(buffer);
      if (n < 0) {
        return false;
      }
      if (n == 0) {
        return true;
      }
      buffer.flip();
      ndjson.feed(buffer, line -> onLine(line, sentIds, acked));
    }
    return true;
  }

  private void onLine(JsonNode line, SentIds sentIds, List<String> acked) {
    if (!acknowledges) {
      LOG.debug("[push] Ignoring a line from peer {}, which does not acknowledge", peerId);
      return;
    }
    Optional<List<String>> ids = AckParser.ids(line);
    if (ids.isEmpty()) {
      LOG.debug("[push] Ignoring a line from peer {} that is not a valid ack", peerId);
      return;
    }
    for (String id : ids.get()) {
      if (sentIds.acknowledge(id)) {
        acked.add(id);
      } else {
        LOG.debug("[push] Peer {} acknowledged {}, which this connection did not send", peerId, id);
      }
    }
  }
}
