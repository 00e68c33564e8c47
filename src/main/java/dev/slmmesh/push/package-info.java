@NullMarked
package dev.slmmesh.push;

import org.jspecify.annotations.NullMarked;
