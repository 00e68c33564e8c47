package dev.slmmesh.client;

import dev.slmmesh.wire.Answer;
import dev.slmmesh.wire.WireText;

/**
 * The broker refused a request by the mesh's rules: an {@code {"ok":false,"error":"..."}} answer
 * (HTTP 200, docs/wire.md). The message is the broker's own text, which names the field or rule.
 */
public final class MeshRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The start of the broker's refusal of a wrong or missing per-peer credential. */
  public static final String CREDENTIAL_ERROR = "Invalid or missing credential";

  public MeshRefusedException(String error) {
    super(error, null, false, false);
  }

  /** The refusal as the broker wrote it. */
  public Answer.Refusal refusal() {
    return new Answer.Refusal(getMessage());
  }

  /** True when the broker no longer knows the peer or its credential: register again. */
  public boolean lostIdentity() {
    String error = getMessage();
    return error.equals(WireText.PEER_NOT_FOUND) || error.startsWith(CREDENTIAL_ERROR);
  }
}
