package dev.slmmesh.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.EventApi;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.LockApi;
import dev.slmmesh.wire.MeshRoute;
import dev.slmmesh.wire.MessageApi;
import dev.slmmesh.wire.PeerApi;
import dev.slmmesh.wire.StateApi;
import dev.slmmesh.wire.StatusApi;
import dev.slmmesh.wire.WireBody;
import dev.slmmesh.wire.WireFormatException;
import dev.slmmesh.wire.WireObject;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@link MeshApi} over HTTP through a {@link BrokerClient} (its port and token files, keep-alive,
 * hub role): writes each request record as the route's body, turns {@code ok:false} into a {@link
 * MeshRefusedException}, and reads the answer into its record (unknown keys ignored). The routes of
 * a session's and a command's start ({@code health}, {@code status}, {@code register}, {@code
 * heartbeat}, {@code peers}, {@code summary}, {@code unregister}) write and read their records by
 * hand ({@link WireBody}, {@link WireObject}) and never touch Jackson's data binding: it costs a
 * short process hundreds of classes (docs/performance.md, "Second round"). The others bind.
 * Thread-safe.
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
    return exchange(MeshRoute.HEALTH, null, StatusApi.Health::read);
  }

  @Override
  public StatusApi.Status status() {
    return exchange(MeshRoute.STATUS, null, StatusApi.Status::read);
  }

  @Override
  public PeerApi.Registered register(PeerApi.Register request) {
    return exchange(MeshRoute.REGISTER, WireBody.of(request), PeerApi.Registered::read);
  }

  @Override
  public Answer.Ok unregister(PeerApi.PeerRef request) {
    return exchange(MeshRoute.UNREGISTER, WireBody.of(request), HttpMeshApi::ok);
  }

  @Override
  public Answer.Ok heartbeat(PeerApi.Heartbeat request) {
    return exchange(MeshRoute.HEARTBEAT, WireBody.of(request), HttpMeshApi::ok);
  }

  @Override
  public PeerApi.PeerList peers(PeerApi.PeersQuery request) {
    return exchange(MeshRoute.PEERS, WireBody.of(request), PeerApi.PeerList::read);
  }

  @Override
  public Answer.Ok summary(PeerApi.Summary request) {
    return exchange(MeshRoute.SUMMARY, WireBody.of(request), HttpMeshApi::ok);
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
    return exchange(route, bound(request), answer -> bind(route, answer, type));
  }

  /**
   * One request: the body's bytes (none for a GET), the answer parsed without data binding, an
   * {@code ok:false} answer of a POST thrown as a refusal, then {@code reader} makes the record.
   */
  private <T> T exchange(MeshRoute route, byte @Nullable [] body, Function<WireObject, T> reader) {
    String text = client.text(route.method(), route.path(), body);
    WireObject answer;
    try {
      answer = WireObject.parse(text);
    } catch (WireFormatException e) {
      throw BrokerUnavailableException.other(
          "Broker request "
              + route.method()
              + " "
              + route.path()
              + " returned no JSON object: "
              + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
    }
    if (body != null && Boolean.FALSE.equals(answer.fields().get("ok"))) {
      throw new MeshRefusedException(refusal(route, answer));
    }
    try {
      return reader.apply(answer);
    } catch (WireFormatException e) {
      throw unreadable(route, e.getMessage());
    }
  }

  /** The broker's reason, or a sentence saying it gave none (no text under {@code error}). */
  private static String refusal(MeshRoute route, WireObject answer) {
    return answer.fields().get("error") instanceof String error
        ? error
        : "the broker refused " + route.path() + " without a reason";
  }

  private static Answer.Ok ok(WireObject answer) {
    return Answer.Ok.INSTANCE;
  }

  private static byte[] bound(Object request) {
    try {
      return Json.MAPPER.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + request.getClass().getName(), e);
    }
  }

  private static <T> T bind(MeshRoute route, WireObject answer, Class<T> type) {
    try {
      return Json.MAPPER.convertValue(answer.fields(), type);
    } catch (IllegalArgumentException e) {
      throw unreadable(route, e.getMessage());
    }
  }

  private static BrokerUnavailableException unreadable(MeshRoute route, String why) {
    return BrokerUnavailableException.other(
        "Broker request " + route.key() + " returned an answer this client cannot read: " + why);
  }
}
