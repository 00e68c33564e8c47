package dev.slmmesh.cli;

import dev.slmmesh.cli.args.Parsed;
import dev.slmmesh.client.HttpMeshApi;
import dev.slmmesh.client.MeshApi;

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

  /** The broker's API; a refusal ({@code MeshRefusedException}) ends the command with exit 1. */
  MeshApi api() {
    return new HttpMeshApi(context.client());
  }
}
