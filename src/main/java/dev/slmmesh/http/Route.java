package dev.slmmesh.http;

/** One API operation: a parsed body in, a body to serialize out (a Reply, record or map). */
@FunctionalInterface
interface Route {
  Object handle(JsonBody body);
}
