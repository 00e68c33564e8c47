package dev.slmmesh.setup;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * One file a client's setup changes: what it holds for us, and the text edit that puts it there.
 */
public record SetupTarget(String client, String what, Path file, UnaryOperator<String> edit) {}
