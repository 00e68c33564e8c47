package dev.slmmesh.store;

import java.util.Collection;

/** A list parameter of a statement, for a {@link Dialect#inList} predicate. */
record TextList(Collection<String> values) {}
