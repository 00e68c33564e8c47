package dev.slmmesh.mcp;

/** A JSON-RPC error to send back as the response to one request (JSON-RPC 2.0 §5.1 codes). */
final class RpcException extends Exception {
  private static final long serialVersionUID = 1L;

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;

  private final int code;

  RpcException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
