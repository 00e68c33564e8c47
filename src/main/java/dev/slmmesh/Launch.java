package dev.slmmesh;

/** Chooses the role of this process from its arguments. */
final class Launch {
  private Launch() {}

  static int run(String[] args) {
    System.err.println("slm-mesh: not implemented yet");
    return 2;
  }
}
