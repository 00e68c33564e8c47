@NullMarked
package dev.slmmesh.config;

import org.jspecify.annotations.NullMarked;
