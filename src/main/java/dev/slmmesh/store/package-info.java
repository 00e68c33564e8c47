@NullMarked
package dev.slmmesh.store;

import org.jspecify.annotations.NullMarked;
