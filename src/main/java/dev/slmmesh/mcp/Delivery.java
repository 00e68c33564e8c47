package dev.slmmesh.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gets pushed messages in front of the model by every path the client offers (docs/mcp.md): a
 * Claude Code channel notification as soon as one arrives, and a block of unread messages after the
 * next tool result. A message counts as seen, is dropped from the {@link SessionInbox} and queued
 * for the broker's read mark, once it was shown: piggybacked, or sent on a channel this session is
 * known to display. Thread-safe.
 */
final class Delivery {
  static final String CHANNEL = "channel";
  static final String PIGGYBACK = "piggyback";
  static final String POLL = "poll";

  static final int SHOWN_PER_RESULT = 5;
  static final int PIGGYBACK_TEXT_MAX = 2000;
  static final int CHANNEL_TEXT_MAX = 16_000;

  private final SessionInbox mailbox;
  private final MessageFiles files;
  private final WakeGuard wakes;
  private final ReadMarks reads;
  private final ProtocolWriter out;
  private final ChannelMode channels;
  private final boolean piggyback;
  private final Runnable readsQueued;
  private final Set<String> channelSent = new HashSet<>();
  private volatile boolean channelsDetected;
  private volatile boolean initialized;

  /**
   * @param readsQueued called (on the pushing thread) when a channel delivery queued read marks
   */
  Delivery(
      SessionInbox mailbox,
      MessageFiles files,
      WakeGuard wakes,
      ReadMarks reads,
      ProtocolWriter out,
      ChannelMode channels,
      boolean piggyback,
      Runnable readsQueued) {
    this.mailbox = mailbox;
    this.files = files;
    this.wakes = wakes;
    this.reads = reads;
    this.out = out;
    this.channels = channels;
    this.piggyback = piggyback;
    this.readsQueued = readsQueued;
  }

  /** The client process was started with channels enabled for this server (agent detection). */
  void channelsDetected(boolean detected) {
    channelsDetected = detected;
  }

  /** How messages reach the model in this session, as reported to the broker. */
  String path() {
    if (channelsShown()) {
      return CHANNEL;
    }
    return piggyback ? PIGGYBACK : POLL;
  }

  String channelState() {
    if (channels == ChannelMode.OFF) {
      return "off";
    }
    if (channels == ChannelMode.ON) {
      return "on";
    }
    return channelsDetected ? "detected" : "sent, not known to be shown";
  }

  boolean declaresChannel() {
    return channels != ChannelMode.OFF;
  }

  /** A message arrived by push; false when it is a repeat. Returns once it is queued. */
  boolean accept(PendingMessage message) {
    if (wakes.isOwn(message) || !mailbox.offer(message)) {
      return false;
    }
    files.write(message, wakes.mayWake(message));
    if (initialized) {
      sendChannel(List.of(message));
    }
    return true;
  }

  /** {@code notifications/initialized}: from now on notifications may be sent. */
  void clientInitialized() {
    initialized = true;
    sendChannel(mailbox.pending());
  }

  /**
   * The block of unread messages to attach to a tool result, if any; the messages in it count as
   * seen from here on.
   */
  Optional<String> piggyback() {
    if (!piggyback) {
      return Optional.empty();
    }
    List<PendingMessage> shown;
    int remaining;
    synchronized (mailbox) {
      shown =
          mailbox.takeNewest(SHOWN_PER_RESULT).stream()
              .filter(m -> files.claim(m.messageId()))
              .collect(Collectors.toList());
      remaining = mailbox.size();
    }
    if (shown.isEmpty()) {
      return Optional.empty();
    }
    reads.add(ids(shown));
    forgetChannel(shown);
    return Optional.of(PiggybackText.render(shown, remaining, PIGGYBACK_TEXT_MAX));
  }

  /**
   * Of the messages {@code mesh_inbox} is about to show, those it may: a message a hook showed
   * already, or whose file a hook takes right now, is left out. The others count as seen.
   */
  List<String> claimForInbox(List<String> messageIds) {
    List<String> mine = new ArrayList<>();
    for (String id : messageIds) {
      if (files.claim(id)) {
        mine.add(id);
      }
    }
    seenElsewhere(messageIds);
    return mine;
  }

  /** This session sent a message (the wake rules of {@link WakeGuard} need to know). */
  void sent(String messageId) {
    wakes.sent(messageId);
  }

  /** Takes in the messages hooks showed: dropped here and marked read at the broker once. */
  void collectHookClaims() {
    List<String> ids = files.drainClaims();
    if (ids.isEmpty()) {
      return;
    }
    seenElsewhere(ids);
    reads.add(ids);
    readsQueued.run();
  }

  /** The model saw these messages through the inbox tool or acknowledged them. */
  void seenElsewhere(Collection<String> messageIds) {
    mailbox.seenElsewhere(messageIds);
    synchronized (channelSent) {
      channelSent.removeAll(messageIds);
    }
  }

  int pendingCount() {
    return mailbox.size();
  }

  private boolean channelsShown() {
    return channels == ChannelMode.ON || (channels == ChannelMode.AUTO && channelsDetected);
  }

  private void sendChannel(List<PendingMessage> messages) {
    if (channels == ChannelMode.OFF) {
      return;
    }
    boolean shown = channelsShown();
    for (PendingMessage m : messages) {
      synchronized (mailbox) {
        if (!mailbox.isPending(m.messageId()) || !markChannelSent(m)) {
          continue;
        }
        if (shown && !files.claim(m.messageId())) {
          continue; // a hook showed it first
        }
        if (shown) {
          // taken out before it is written, so a tool result cannot piggyback it as well
          mailbox.seenElsewhere(List.of(m.messageId()));
          forgetChannel(List.of(m));
        }
      }
      out.write(channelNotification(m));
      if (shown) {
        reads.add(List.of(m.messageId()));
        readsQueued.run();
      }
    }
  }

  private boolean markChannelSent(PendingMessage m) {
    synchronized (channelSent) {
      return channelSent.add(m.messageId());
    }
  }

  private void forgetChannel(List<PendingMessage> messages) {
    synchronized (channelSent) {
      messages.forEach(m -> channelSent.remove(m.messageId()));
    }
  }

  private static ObjectNode channelNotification(PendingMessage m) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("jsonrpc", "2.0");
    n.put("method", "notifications/claude/channel");
    ObjectNode params = n.putObject("params");
    params.put("content", PiggybackText.channelContent(m, CHANNEL_TEXT_MAX));
    ObjectNode meta = params.putObject("meta");
    meta.put("from", m.fromPeer());
    meta.put("from_name", m.sender());
    meta.put("message_id", m.messageId());
    meta.put("type", m.type());
    return n;
  }

  private static List<String> ids(List<PendingMessage> messages) {
    return messages.stream().map(PendingMessage::messageId).collect(Collectors.toList());
  }

  static ArrayNode idArray(Collection<String> ids) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    ids.forEach(a::add);
    return a;
  }
}
