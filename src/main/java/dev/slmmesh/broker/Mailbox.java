package dev.slmmesh.broker;

import dev.slmmesh.store.InboxQuery;
import dev.slmmesh.store.PeerQuery;
import dev.slmmesh.store.PeerRecord;
import dev.slmmesh.store.Store;
import dev.slmmesh.wire.InboxMessage;
import dev.slmmesh.wire.MeshLimits;
import dev.slmmesh.wire.Message;
import dev.slmmesh.wire.WireText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Direct and broadcast messages (docs/wire.md): a message is committed to the store before the
 * sender hears "ok", then handed to delivery; the recipient's inbox, read receipts for the sender,
 * and explicit mark-read for surfaced messages.
 */
public final class Mailbox {
  public static final int MAX_IDS = MeshLimits.IDS_MAX;
  public static final int MAX_HELD = 1000;

  private final Store store;
  private final PeerRegistry peers;
  private final Credentials credentials;
  private final Deliveries deliveries;
  private final EventBus events;
  private final RateLimiter rates;
  private final Clock clock;
  private final PresenceBoard presence;
  private final MeshActivity activity;

  public Mailbox(
      Store store,
      PeerRegistry peers,
      Credentials credentials,
      Deliveries deliveries,
      EventBus events,
      RateLimiter rates,
      Clock clock,
      PresenceBoard presence,
      MeshActivity activity) {
    this.activity = activity;
    this.store = store;
    this.peers = peers;
    this.credentials = credentials;
    this.deliveries = deliveries;
    this.events = events;
    this.rates = rates;
    this.clock = clock;
    this.presence = presence;
  }

  /** Checks in the original's order: size, (credential), rate, target. */
  /**
   * What {@link #send} stored: one message ({@code messageId}, {@code held} until the recipient is
   * idle), or a broadcast ({@code messageIds}, and the recipients left out because their queue is
   * full).
   */
  public sealed interface Sent {}

  /** A message to one recipient. */
  public record Direct(String messageId, boolean held) implements Sent {}

  /** A broadcast: one message per recipient. */
  public record Broadcast(List<String> messageIds, List<String> queueFull) implements Sent {}

  public Sent send(
      String fromPeer, String toPeer, String payload, String type, @Nullable String credential) {
    return send(fromPeer, toPeer, payload, type, credential, false);
  }

  /**
   * As above; with {@code whenIdle} a direct message to a peer that reports it is working or
   * waiting is stored at once but held back until that peer reports idle (docs/hooks.md). A peer
   * that reports no presence counts as idle.
   */
  public Sent send(
      String fromPeer,
      String toPeer,
      String payload,
      String type,
      @Nullable String credential,
      boolean whenIdle) {
    if (payload.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_PAYLOAD_BYTES) {
      throw new BrokerException("Payload too large (max " + Limits.MAX_PAYLOAD_BYTES + " bytes)");
    }
    if (!WireText.MESSAGE_TYPES.contains(type)) {
      throw new BrokerException("type must be one of " + String.join(", ", WireText.MESSAGE_TYPES));
    }
    Limits.maxLength("fromPeer", fromPeer, 200);
    credentials.verify(fromPeer, credential);
    rates.acquire(peers.rateKey(fromPeer));
    Instant now = clock.instant();
    if (WireText.BROADCAST.equals(toPeer)) {
      if (whenIdle) {
        throw new BrokerException("whenIdle needs one recipient, not \"all\"");
      }
      return broadcast(fromPeer, payload, type, now);
    }
    if (!WireText.CLI_PEER.equals(toPeer) && !PeerIds.wellFormed(toPeer)) {
      throw new BrokerException(WireText.INVALID_PEER_ID);
    }
    String target = WireText.CLI_PEER.equals(toPeer) ? toPeer : peers.requireActive(toPeer).id();
    if (!WireText.CLI_PEER.equals(target) && queueFull(target)) {
      throw new BrokerException(queueFullText(target));
    }
    Message m = new Message(Ids.message(now), fromPeer, target, type, payload, now, null, false);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("messageId", m.id());
    event.put("fromPeer", fromPeer);
    event.put("toPeer", target);
    if (!deliveries.registeredSender(fromPeer)) {
      event.put("senderRegistered", false); // additive: the CLI, a script, anyone with the token
    }
    Supplier<Object> commit =
        () ->
            store.atomically(
                tx -> {
                  tx.messages().insert(List.of(m));
                  return events.emit("message_received", event, fromPeer);
                });
    boolean hold = false;
    if (WireText.CLI_PEER.equals(target)) {
      commit.get(); // the person's inbox: read with slm-mesh inbox, nothing to push
    } else if (whenIdle && presence.of(target).map(p -> !p.idle()).orElse(false)) {
      if (deliveries.heldFor(target) >= MAX_HELD) {
        throw new BrokerException(
            "Too many messages held for "
                + target
                + " until it is idle (max "
                + MAX_HELD
                + "); send without whenIdle");
      }
      deliveries.commitHeld(m, commit);
      hold = true;
    } else {
      deliveries.commitDirect(m, commit);
    }
    activity.message(fromPeer, target, payload); // stored: the memory bridge may remember it
    return new Direct(m.id(), hold);
  }

  /** True if the peer's queue holds the most messages it may (counted only if it may be long). */
  private boolean queueFull(String peerId) {
    return deliveries.queueFull(peerId, Limits.MAX_QUEUED_PER_PEER);
  }

  static String queueFullText(String peerId) {
    return "queue full: "
        + Limits.MAX_QUEUED_PER_PEER
        + " messages wait undelivered for peer "
        + peerId
        + "; nothing was sent, retry once it has received them";
  }

  private Sent broadcast(String fromPeer, String payload, String type, Instant now) {
    List<Message> rows = new ArrayList<>();
    List<String> full = new ArrayList<>();
    for (PeerRecord p : store.peers().listActive(new PeerQuery(null, null, fromPeer))) {
      if (queueFull(p.id())) {
        full.add(p.id());
        continue;
      }
      rows.add(new Message(Ids.message(now), fromPeer, p.id(), type, payload, now, null, false));
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("fromPeer", fromPeer);
    event.put("toPeer", WireText.BROADCAST);
    event.put("count", rows.size());
    deliveries.commitBroadcast(
        rows,
        () ->
            store.atomically(
                tx -> {
                  tx.messages().insert(rows);
                  return events.emit("message_received", event, fromPeer);
                }));
    activity.message(fromPeer, "broadcast", payload);
    // recipients left out because their queue is full (see queueFullText)
    return new Broadcast(rows.stream().map(Message::id).toList(), List.copyOf(full));
  }

  /**
   * Reads an inbox and marks the returned unread messages read (read times never overwritten); each
   * message carries its sender's name.
   */
  public List<InboxMessage> inbox(InboxQuery query, @Nullable String credential) {
    credentials.verify(query.peerId(), credential);
    List<Message> taken = store.messages().takeInbox(query, clock.instant());
    Map<String, String> names = new HashMap<>();
    List<InboxMessage> out = new ArrayList<>(taken.size());
    for (Message m : taken) {
      out.add(new InboxMessage(m, names.computeIfAbsent(m.fromPeer(), this::nameOf)));
    }
    return out;
  }

  private String nameOf(String peerId) {
    return peers.find(peerId).map(p -> p.peer().name()).orElse(peerId);
  }

  /** Marks messages read that a client surfaced to its model by another path. */
  public int markRead(String peerId, @Nullable String credential, List<String> ids) {
    credentials.verify(peerId, credential);
    checkIds(ids);
    return store.messages().markRead(peerId, ids, clock.instant());
  }

  /** Receipt status of a message pruned unseen (see {@link Janitor#MESSAGE_TTL}). */
  public static final String EXPIRED = "expired";

  /** Where a message the asking peer sent stands: queued, delivered, read or expired. */
  public record Receipt(String messageId, String toPeer, String status) {}

  /** Delivery receipts for messages the asking peer sent: queued, delivered, read or expired. */
  public List<Receipt> receipts(String peerId, @Nullable String credential, List<String> ids) {
    credentials.verify(peerId, credential);
    checkIds(ids);
    List<Receipt> out = new ArrayList<>();
    for (Message m : store.messages().sentBy(peerId, ids)) {
      out.add(receipt(m, m.status()));
    }
    if (out.size() < ids.size()) {
      // pruned after the retention period without having been delivered or read
      for (Message m : store.messages().expiredSentBy(peerId, ids)) {
        out.add(receipt(m, EXPIRED));
      }
    }
    return out;
  }

  private static Receipt receipt(Message m, String status) {
    return new Receipt(m.id(), m.toPeer(), status);
  }

  /**
   * The timeline of every recipient for the dashboard, newest first: the newest {@code limit} rows,
   * or with {@code beforeId} those inserted before that row.
   */
  public List<Message> timeline(@Nullable String beforeId, int limit) {
    return store.messages().recent(beforeId, limit);
  }

  private static void checkIds(List<String> ids) {
    if (ids.isEmpty() || ids.size() > MAX_IDS) {
      throw new BrokerException(
          "messageIds must be a non-empty array of at most " + MAX_IDS + " ids");
    }
  }
}
