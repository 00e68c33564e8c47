package dev.slmmesh.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slmmesh.broker.DeliveryListener;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerRelayTest {
  /**
   * A default method the relay does not override would silently answer for the broker (as
   * confirmAtOnce once did, which kept every acknowledgement on the callback thread).
   */
  @Test
  void theRelayForwardsEveryMethodOfTheListenerIncludingDefaultOnes() throws Exception {
    List<Method> methods =
        Arrays.stream(DeliveryListener.class.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .toList();
    assertThat(methods).isNotEmpty();
    for (Method m : methods) {
      assertThat(ListenerRelay.class.getDeclaredMethod(m.getName(), m.getParameterTypes()))
          .as(m.getName())
          .isNotNull();
    }
  }

  @Test
  void confirmAtOnceReachesTheTarget() {
    ListenerRelay relay = new ListenerRelay();
    DeliveryListener.Receipt r = new DeliveryListener.Receipt("p", List.of("m"), true);
    assertThat(relay.confirmAtOnce(r)).as("no target yet: the callback thread's way").isFalse();
    relay.target(
        new DeliveryListener() {
          @Override
          public void linkUp(String peerId) {}

          @Override
          public void written(String peerId, List<String> messageIds) {}

          @Override
          public void acknowledged(String peerId, List<String> messageIds) {}

          @Override
          public boolean confirmAtOnce(Receipt receipt) {
            return receipt == r;
          }
        });
    assertThat(relay.confirmAtOnce(r)).isTrue();
  }
}
