package dev.slmmesh.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.EventApi;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.LockApi;
import dev.slmmesh.wire.MeshRoute;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.PeerApi;
import dev.slmmesh.wire.StateApi;
import dev.slmmesh.wire.StatusApi;

/**
 * {@link MeshApi} over HTTP through a {@link BrokerClient} (its port and token files, keep-alive,
 * hub role): writes each request record as the route's body, turns {@code ok:false} into a {@link
 * MeshRefusedException}, and reads the answer into its record (unknown keys ignored). Thread-safe.
 */
public final class HttpMeshApi implements MeshApi {
  private final BrokerClient client;

  public HttpMeshApi(BrokerClient client) {
    this.client = client;
  }

  public BrokerClient client() {
    return client;
  }

  @Override
  public StatusApi.Health health() {
    return read(MeshRoute.HEALTH, client.get(MeshRoute.HEALTH.path()), StatusApi.Health.class);
  }

  @Override
  public StatusApi.Status status() {
    return StatusApi.Status.read(client.get(MeshRoute.STATUS.path()));
  }

  @Override
  public PeerApi.Registered register(PeerApi.Register request) {
    return post(MeshRoute.REGISTER, request, PeerApi.Registered.class);
  }

  @Override
  public Answer.Ok unregister(PeerApi.PeerRef request) {
    return post(MeshRoute.UNREGISTER, request, Answer.Ok.class);
  }

  @Override
  public Answer.Ok heartbeat(PeerApi.Heartbeat request) {
    return post(MeshRoute.HEARTBEAT, request, Answer.Ok.class);
  }

  @Override
  public PeerApi.PeerList peers(PeerApi.PeersQuery request) {
    return post(MeshRoute.PEERS, request, PeerApi.PeerList.class);
  }

  @Override
  public Answer.Ok summary(PeerApi.Summary request) {
    return post(MeshRoute.SUMMARY, request, Answer.Ok.class);
  }

  @Override
  public MessageApi.Sent send(MessageApi.Send request) {
    return post(MeshRoute.SEND, request, MessageApi.Sent.class);
  }

  @Override
  public MessageApi.Messages messages(MessageApi.Inbox request) {
    return post(MeshRoute.MESSAGES, request, MessageApi.Messages.class);
  }

  @Override
  public MessageApi.Marked markRead(MessageApi.Ids request) {
    return post(MeshRoute.MESSAGES_READ, request, MessageApi.Marked.class);
  }

  @Override
  public MessageApi.Receipts receipts(MessageApi.Ids request) {
    return post(MeshRoute.MESSAGES_STATUS, request, MessageApi.Receipts.class);
  }

  @Override
  public StateApi.Entry stateGet(StateApi.Request request) {
    return post(MeshRoute.STATE, request, StateApi.Entry.class);
  }

  @Override
  public StateApi.Entry stateSet(StateApi.Request request) {
    return post(MeshRoute.STATE, request, StateApi.Entry.class);
  }

  @Override
  public StateApi.Entries stateList(StateApi.Request request) {
    return post(MeshRoute.STATE, request, StateApi.Entries.class);
  }

  @Override
  public StateApi.Deleted stateDelete(StateApi.Request request) {
    return post(MeshRoute.STATE, request, StateApi.Deleted.class);
  }

  @Override
  public LockApi.Granted lock(LockApi.Request request) {
    return post(MeshRoute.LOCK, request, LockApi.Granted.class);
  }

  @Override
  public Answer.Ok unlock(LockApi.Request request) {
    return post(MeshRoute.LOCK, request, Answer.Ok.class);
  }

  @Override
  public LockApi.Locks locks(LockApi.Request request) {
    return post(MeshRoute.LOCK, request, LockApi.Locks.class);
  }

  @Override
  public EventApi.Events events(EventApi.Request request) {
    return post(MeshRoute.EVENTS, request, EventApi.Events.class);
  }

  @Override
  public EventApi.Subscribed subscribe(EventApi.Request request) {
    return post(MeshRoute.EVENTS, request, EventApi.Subscribed.class);
  }

  @Override
  public Answer.Ok unsubscribe(EventApi.Request request) {
    return post(MeshRoute.EVENTS, request, Answer.Ok.class);
  }

  @Override
  public EventApi.Emitted emit(EventApi.Request request) {
    return post(MeshRoute.EVENTS, request, EventApi.Emitted.class);
  }

  private <T> T post(MeshRoute route, Object request, Class<T> type) {
    ObjectNode answer = client.post(route.path(), Json.MAPPER.valueToTree(request));
    JsonNode ok = answer.get("ok");
    if (ok != null && ok.isBoolean() && !ok.booleanValue()) {
      throw new MeshRefusedException(
          answer.path("error").asText("the broker refused " + route.path() + " without a reason"));
    }
    return read(route, answer, type);
  }

  private static <T> T read(MeshRoute route, ObjectNode answer, Class<T> type) {
    try {
      return Json.MAPPER.treeToValue(answer, type);
    } catch (JsonProcessingException e) {
      throw unreadable(route, e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw unreadable(route, e.getMessage());
    }
  }

  private static BrokerUnavailableException unreadable(MeshRoute route, String why) {
    return BrokerUnavailableException.other(
        "Broker request " + route.key() + " returned an answer this client cannot read: " + why);
  }
}
