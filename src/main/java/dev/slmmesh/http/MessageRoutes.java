package dev.slmmesh.http;

import dev.slmmesh.broker.Broker;
import dev.slmmesh.broker.Mailbox;
import dev.slmmesh.store.InboxQuery;
import dev.slmmesh.wire.InboxMessage;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.MeshRoute;
import dev.slmmesh.wire.MessageApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /send}, {@code /messages}, and ours: {@code /messages/read}, {@code /messages/status}. */
final class MessageRoutes {
  static final int MAX_INBOX = MeshLimits.LIST_MAX;
  private final Broker broker;

  MessageRoutes(Broker broker) {
    this.broker = broker;
  }

  void addTo(Map<String, Route> routes) {
    routes.put(MeshRoute.SEND.key(), b -> send(Requests.send(b)));
    routes.put(MeshRoute.MESSAGES.key(), b -> inbox(Requests.inbox(b)));
    routes.put(MeshRoute.MESSAGES_READ.key(), b -> markRead(Requests.ids(b)));
    routes.put(MeshRoute.MESSAGES_STATUS.key(), b -> status(Requests.ids(b)));
  }

  private MessageApi.Sent send(MessageApi.Send r) {
    Mailbox.Sent sent =
        broker
            .mailbox()
            .send(
                r.fromPeer(),
                r.toPeer(),
                r.payload(),
                r.type(),
                r.credential(),
                Boolean.TRUE.equals(r.whenIdle()));
    return answer(sent);
  }

  /** The body of a send: {@code held} and {@code queueFull} (ours) only when they say something. */
  static MessageApi.Sent answer(Mailbox.Sent sent) {
    if (sent instanceof Mailbox.Direct) {
      Mailbox.Direct d = (Mailbox.Direct) sent;
      return new MessageApi.Sent(d.messageId(), null, d.held() ? Boolean.TRUE : null, null);
    }
    Mailbox.Broadcast b = (Mailbox.Broadcast) sent;
    return new MessageApi.Sent(
        null, b.messageIds(), null, b.queueFull().isEmpty() ? null : b.queueFull());
  }

  private MessageApi.Messages inbox(MessageApi.Inbox r) {
    boolean unread = "unread".equals(r.filter());
    InboxQuery q = new InboxQuery(r.peerId(), unread, r.from(), r.limit() == null ? 20 : r.limit());
    List<InboxMessage> messages = new ArrayList<>();
    for (InboxMessage m : broker.mailbox().inbox(q, r.credential())) {
      // a sender that is no registered peer is marked so (additive field)
      messages.add(
          broker.deliveries().registeredSender(m.message().fromPeer()) ? m : m.fromUnregistered());
    }
    return new MessageApi.Messages(messages);
  }

  private MessageApi.Marked markRead(MessageApi.Ids r) {
    return new MessageApi.Marked(
        broker.mailbox().markRead(r.peerId(), r.credential(), r.messageIds()));
  }

  private MessageApi.Receipts status(MessageApi.Ids r) {
    List<MessageApi.Receipt> receipts = new ArrayList<>();
    for (Mailbox.Receipt x :
        broker.mailbox().receipts(r.peerId(), r.credential(), r.messageIds())) {
      receipts.add(new MessageApi.Receipt(x.messageId(), x.toPeer(), x.status()));
    }
    return new MessageApi.Receipts(receipts);
  }
}
