@NullMarked
package dev.slmmesh.daemon;

import org.jspecify.annotations.NullMarked;
