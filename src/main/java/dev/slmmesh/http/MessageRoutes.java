package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.BrokerException;
import dev.slmmesh.broker.Mailbox;
import dev.slmmesh.store.InboxQuery;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.Reply;
import java.util.Map;

/** {@code /send}, {@code /messages}, and ours: {@code /messages/read}, {@code /messages/status}. */
final class MessageRoutes {
  static final int MAX_INBOX = MeshLimits.LIST_MAX;
  private final Broker broker;

  MessageRoutes(Broker broker) {
    this.broker = broker;
  }

  void addTo(Map<String, Route> routes) {
    routes.put("POST /send", this::send);
    routes.put("POST /messages", this::inbox);
    routes.put("POST /messages/read", this::markRead);
    routes.put("POST /messages/status", this::status);
  }

  private Object send(JsonBody b) {
    String from = b.required("fromPeer");
    String to = b.required("toPeer");
    String payload = b.required("payload");
    if (from == null || to == null || payload == null) {
      throw new BrokerException("fromPeer, toPeer, and payload are required");
    }
    return broker.mailbox().send(from, to, payload, b.optional("type", "text"), b.optional("credential"),
        b.flag("whenIdle"));
  }

  private Object inbox(JsonBody b) {
    String peerId = PeerRoutes.peerId(b);
    boolean unread = "unread".equals(b.optional("filter", "unread"));
    InboxQuery q = new InboxQuery(peerId, unread, b.optional("from"), b.integer("limit", 20, 1, MAX_INBOX));
    return Reply.ok().with("messages", broker.mailbox().inbox(q, b.optional("credential")));
  }

  private Object markRead(JsonBody b) {
    int marked =
        broker.mailbox().markRead(PeerRoutes.peerId(b), b.optional("credential"), b.strings("messageIds", Mailbox.MAX_IDS));
    return Reply.ok().with("marked", marked);
  }

  private Object status(JsonBody b) {
    return Reply.ok()
        .with(
            "receipts",
            broker.mailbox().receipts(PeerRoutes.peerId(b), b.optional("credential"), b.strings("messageIds", Mailbox.MAX_IDS)));
  }
}
