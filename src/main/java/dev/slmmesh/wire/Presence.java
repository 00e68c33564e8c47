package dev.slmmesh.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Set;

/**
 * What an agent session is doing (ours, docs/hooks.md "Presence"): {@code working}, {@code idle} or
 * {@code waiting} for its human, since when, and whether a message can wake it while idle.
 */
@JsonPropertyOrder({"state", "since", "wakeable"})
public record Presence(
    @JsonProperty("state") String state,
    @JsonProperty("since")
        @JsonSerialize(using = IsoInstant.class)
        @JsonDeserialize(using = InstantReader.class)
        Instant since,
    @JsonProperty("wakeable") boolean wakeable) {

  public static final String WORKING = "working";
  public static final String IDLE = "idle";
  public static final String WAITING = "waiting";
  public static final Set<String> STATES = Set.of(WORKING, IDLE, WAITING);

  public Presence {
    if (!STATES.contains(state)) {
      throw new IllegalArgumentException(
          "presence must be one of working, idle, waiting, got \"" + state + "\"");
    }
  }

  /** Reads a presence of an answer without binding (see {@link WireObject}). */
  public static Presence read(WireObject o) {
    String state = o.text("state");
    if (state == null || !STATES.contains(state)) {
      throw o.invalid("state", "one of working, idle, waiting");
    }
    Boolean wakeable = o.bool("wakeable");
    return new Presence(state, o.instant("since"), wakeable != null && wakeable);
  }

  public boolean idle() {
    return IDLE.equals(state);
  }
}
