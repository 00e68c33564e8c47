package dev.slmmesh.store;

import dev.slmmesh.wire.Event;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The event log. Reads are newest first by creation time, ties broken by insertion order ({@code
 * seq}), and {@code since} compares instants, not text (a defect of the original).
 */
final class EventTable implements EventStore {
  private final Database db;
  private final Sql sql;

  EventTable(Database db, Sql sql) {
    this.db = db;
    this.sql = sql;
  }

  @Override
  public void insert(Event e) {
    db.update(
        "insertEvent",
        sql.insertEvent,
        e.id(),
        e.type(),
        e.payload(),
        e.emittedBy(),
        e.createdAt());
  }

  @Override
  public List<Event> read(EventQuery q) {
    Instant since = q.since() == null ? Instant.MIN : q.since();
    if (q.types().isEmpty()) {
      return db.query("events", sql.eventsAnyType, EventTable::map, since, q.limit());
    }
    return db.query(
        "events", sql.eventsOfTypes, EventTable::map, since, new TextList(q.types()), q.limit());
  }

  @Override
  public int prune(Instant createdBefore) {
    return db.update("pruneEvents", sql.pruneEvents, Millis.ceil(createdBefore));
  }

  private static Event map(ResultSet row) throws SQLException {
    return new Event(
        row.getString("id"),
        row.getString("type"),
        row.getString("payload"),
        row.getString("emitted_by"),
        Millis.read(row, "created_at"));
  }
}
