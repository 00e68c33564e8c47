package dev.slmmesh.dashboard;

/** One open page as the feed sees it: where its events go. {@link SseStream} in the broker. */
interface Page {
  /** Queues one named event with a one-line JSON body; never blocks. */
  void send(String event, String json);

  /** Keeps the connection from idling out. */
  void ping();

  /** Ends the page's stream. */
  void close();
}
