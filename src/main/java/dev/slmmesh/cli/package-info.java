@NullMarked
package dev.slmmesh.cli;

import org.jspecify.annotations.NullMarked;
