package dev.slmmesh.client;

import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.EventApi;
import dev.slmmesh.wire.LockApi;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.PeerApi;
import dev.slmmesh.wire.StateApi;
import dev.slmmesh.wire.StatusApi;

/**
 * The broker's API as Java calls (docs/wire.md): one method per route, or per action of a route
 * that has several, taking and returning the records of {@code wire}. A refusal by the mesh's rules
 * throws {@link MeshRefusedException}; no answer, or an HTTP error, throws {@link
 * BrokerUnavailableException}. The MCP server, the CLI and the hooks' Java call the broker only
 * through it.
 */
public interface MeshApi {
  StatusApi.Health health();

  StatusApi.Status status();

  PeerApi.Registered register(PeerApi.Register request);

  Answer.Ok unregister(PeerApi.PeerRef request);

  Answer.Ok heartbeat(PeerApi.Heartbeat request);

  PeerApi.PeerList peers(PeerApi.PeersQuery request);

  Answer.Ok summary(PeerApi.Summary request);

  MessageApi.Sent send(MessageApi.Send request);

  /** {@code /messages}: also marks the returned unread messages read. */
  MessageApi.Messages messages(MessageApi.Inbox request);

  MessageApi.Marked markRead(MessageApi.Ids request);

  MessageApi.Receipts receipts(MessageApi.Ids request);

  StateApi.Entry stateGet(StateApi.Request request);

  StateApi.Entry stateSet(StateApi.Request request);

  StateApi.Entries stateList(StateApi.Request request);

  StateApi.Deleted stateDelete(StateApi.Request request);

  LockApi.Granted lock(LockApi.Request request);

  Answer.Ok unlock(LockApi.Request request);

  LockApi.Locks locks(LockApi.Request request);

  EventApi.Events events(EventApi.Request request);

  EventApi.Subscribed subscribe(EventApi.Request request);

  Answer.Ok unsubscribe(EventApi.Request request);

  EventApi.Emitted emit(EventApi.Request request);
}
