@NullMarked
package dev.slmmesh.http;

import org.jspecify.annotations.NullMarked;
