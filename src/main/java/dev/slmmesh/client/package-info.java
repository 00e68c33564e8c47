@NullMarked
package dev.slmmesh.client;

import org.jspecify.annotations.NullMarked;
