package dev.slmmesh.store;

/**
 * A storage failure (I/O, corruption, driver error). Its {@link Kind} tells a failure the user can
 * fix while the broker runs (a full disk, a read-only file) from one the broker maps to a 500.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as far as the engine says. */
  public enum Kind {
    /** The disk (or the engine's size limit) is full: nothing was written. */
    FULL,
    /** The database file or its directory cannot be written. */
    READ_ONLY,
    /** The file is not a database or is damaged. */
    CORRUPT,
    /** Anything else. */
    OTHER
  }

  private final Kind kind;

  public StoreException(String message, Throwable cause) {
    this(message, cause, Kind.OTHER);
  }

  public StoreException(String message, Throwable cause, Kind kind) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * A storage failure (full, read-only, damaged) may have ended the whole transaction inside the
   * engine (SQLite rolls back by itself after SQLITE_FULL): the rest of a group commit must not run
   * outside it, each statement committing alone, so the whole batch fails with this cause.
   */
  boolean abortsTransaction() {
    return kind != Kind.OTHER;
  }
}
