package dev.slmmesh.http;

/**
 * One API operation: a parsed body in, a body to serialize out (a record of wire, e.g. {@code
 * PeerApi.Registered}).
 */
@FunctionalInterface
interface Route {
  Object handle(JsonBody body);
}
