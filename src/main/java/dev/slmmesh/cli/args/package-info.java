/**
 * The command line of {@code slm-mesh}: each command's {@code CommandSpec} and {@code OptionSpec}s,
 * the parser that checks arguments against them, the help texts, and the documented exit codes with
 * the exception that carries one. Knows nothing of the commands themselves.
 */
@NullMarked
package dev.slmmesh.cli.args;

import org.jspecify.annotations.NullMarked;
