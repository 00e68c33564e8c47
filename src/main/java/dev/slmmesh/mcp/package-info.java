@NullMarked
package dev.slmmesh.mcp;

import org.jspecify.annotations.NullMarked;
