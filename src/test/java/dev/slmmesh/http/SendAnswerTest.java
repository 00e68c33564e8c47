package dev.slmmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.Json;
import dev.slmmesh.wire.MessageApi;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The answer of {@code /send}, written by hand where it is flat, is Jackson's text. */
class SendAnswerTest {

  private static void sameAsJackson(Object body) throws Exception {
    assertThat(new String(ApiHandler.json(body), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(Json.MAPPER.writeValueAsString(body));
  }

  @Test
  void everyShapeOfTheAnswerIsJacksonsText() throws Exception {
    sameAsJackson(new MessageApi.Sent("01a24a82-e89d-7460-9a1c-b90234883bb9", null, null, null));
    sameAsJackson(new MessageApi.Sent("id \"quoted\" \u0001", null, true, null));
    sameAsJackson(new MessageApi.Sent(null, List.of("a", "b"), null, List.of("p")));
    sameAsJackson(new MessageApi.Sent(null, List.of(), null, null));
    sameAsJackson(new Answer.Refusal("no"));
  }
}
