package dev.slmmesh.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written readers and writers of the peer routes ({@link WireObject}, {@link WireBody})
 * give exactly what binding the records gives: same records read, same bytes written.
 */
class PeerApiReadersTest {

  private static final String PEER =
      "{\"id\":\"p1\",\"name\":\"alpha\",\"pid\":42,\"projectPath\":\"/w\",\"gitRoot\":\"/w\","
          + "\"gitBranch\":\"main\",\"agentType\":\"claude-code\",\"summary\":\"s\","
          + "\"udsPath\":\"/tmp/p1.sock\",\"startedAt\":\"2026-04-08T10:30:01.123Z\","
          + "\"lastHeartbeat\":\"2026-04-08 10:31:00\",\"status\":\"active\","
          + "\"deliveryPath\":\"push\",\"pushConnected\":true,\"machineId\":\"m\","
          + "\"machineName\":\"vm\",\"presence\":{\"state\":\"idle\","
          + "\"since\":\"2026-04-08T10:30:59.000Z\",\"wakeable\":true},\"later\":[1,{}]}";

  @Test
  void registeredIsReadAsBindingReadsIt() throws Exception {
    for (String answer :
        new String[] {
          "{\"ok\":true,\"peerId\":\"p1\",\"name\":\"alpha\",\"credential\":\"c\"}",
          "{\"ok\":true,\"peerId\":\"p1\",\"name\":\"alpha\"}",
          "{\"ok\":true,\"peerId\":null,\"name\":7,\"credential\":null,\"more\":{\"x\":[]}}",
          "{}"
        }) {
      assertThat(PeerApi.Registered.read(WireObject.parse(answer)))
          .as(answer)
          .isEqualTo(Json.MAPPER.readValue(answer, PeerApi.Registered.class));
    }
  }

  @Test
  void peerListIsReadAsBindingReadsIt() throws Exception {
    for (String answer :
        new String[] {
          "{\"ok\":true,\"peers\":[" + PEER + "]}",
          "{\"ok\":true,\"peers\":[]}",
          "{\"ok\":true,\"peers\":null}",
          "{\"ok\":true}",
          "{\"ok\":true,\"peers\":[{\"id\":\"p2\",\"pid\":\"9\",\"startedAt\":null,"
              + "\"presence\":null,\"pushConnected\":\"false\"},{}]}"
        }) {
      PeerApi.PeerList bound = Json.MAPPER.readValue(answer, PeerApi.PeerList.class);

      PeerApi.PeerList read = PeerApi.PeerList.read(WireObject.parse(answer));

      assertThat(read).as(answer).isEqualTo(bound);
      assertThat(Json.write(read)).as(answer).isEqualTo(Json.write(bound));
    }
  }

  @Test
  void aMalformedPeerIsAClearError() {
    assertThatThrownBy(() -> PeerApi.PeerList.read(WireObject.parse("{\"peers\":{}}")))
        .isInstanceOf(WireFormatException.class)
        .hasMessage("field \"peers\" must be an array, got an object");
    assertThatThrownBy(() -> PeerApi.PeerList.read(WireObject.parse("{\"peers\":[1]}")))
        .hasMessage("field \"peers[0]\" must be an object, got 1");
    assertThatThrownBy(
            () ->
                PeerApi.PeerList.read(
                    WireObject.parse("{\"peers\":[{\"startedAt\":\"yesterday\"}]}")))
        .hasMessage("field \"peers[0].startedAt\" must be a time, got \"yesterday\"");
    assertThatThrownBy(
            () ->
                PeerApi.PeerList.read(
                    WireObject.parse("{\"peers\":[{\"presence\":{\"state\":\"asleep\"}}]}")))
        .hasMessage(
            "field \"peers[0].presence.state\" must be one of working, idle, waiting,"
                + " got \"asleep\"");
    assertThatThrownBy(
            () -> PeerApi.PeerList.read(WireObject.parse("{\"peers\":[{\"pushConnected\":2}]}")))
        .hasMessage("field \"peers[0].pushConnected\" must be true or false, got 2");
  }

  @Test
  void requestsAreWrittenByteForByteAsBindingWritesThem() throws Exception {
    List<WireBody.Request> requests =
        List.of(
            new PeerApi.Register(
                "/w \"q\" \u00e9\n",
                42,
                "n",
                "/w",
                "main",
                "codex",
                "/s.sock",
                true,
                false,
                "push",
                "sum\u2028",
                "p1",
                "c",
                "m",
                "vm"),
            PeerApi.Register.of("/w", 1, null, null),
            new PeerApi.Register(
                null, 0, null, null, null, null, null, null, null, null, null, null, null, null,
                null),
            new PeerApi.Heartbeat("p1", "c", "push", "idle", "2026-04-08T10:30:01.123Z", false),
            PeerApi.Heartbeat.of("p1", null),
            new PeerApi.PeerRef("p1", "c"),
            new PeerApi.PeerRef("p1", null),
            new PeerApi.PeersQuery("repo", "/w", "/w", "p1", "c"),
            PeerApi.PeersQuery.scope("machine"),
            new PeerApi.Summary("p1", "working on \\ things \t", "c"),
            new PeerApi.Summary("p1", "s", null));
    for (WireBody.Request request : requests) {
      assertThat(new String(WireBody.of(request), StandardCharsets.UTF_8))
          .as(request.toString())
          .isEqualTo(Json.MAPPER.writeValueAsString(request));
    }
  }

  @Test
  void aTextThatIsNoJsonObjectIsRefused() {
    for (String text : new String[] {"", "[1]", "\"ok\"", "{\"a\":1", "{\"a\":1} {}", "{'a':1}"}) {
      assertThatThrownBy(() -> WireObject.parse(text))
          .as(text)
          .isInstanceOf(WireFormatException.class)
          .hasMessageStartingWith("the answer ");
    }
  }
}
