package dev.slmmesh.cli;

import dev.slmmesh.cli.args.Parsed;

/** A command's view of one run: the context, its parsed arguments and its output. */
final class Invocation {
  private final Context context;
  private final Parsed parsed;
  private final Output output;

  Invocation(Context context, Parsed parsed, Output output) {
    this.context = context;
    this.parsed = parsed;
    this.output = output;
  }

  Context context() {
    return context;
  }

  Parsed parsed() {
    return parsed;
  }

  Output out() {
    return output;
  }

  Mesh mesh() {
    return new Mesh(context.client());
  }
}
