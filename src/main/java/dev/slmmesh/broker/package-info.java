@NullMarked
package dev.slmmesh.broker;

import org.jspecify.annotations.NullMarked;
