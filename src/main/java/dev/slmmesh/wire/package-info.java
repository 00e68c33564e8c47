@NullMarked
package dev.slmmesh.wire;

import org.jspecify.annotations.NullMarked;
