package dev.slmmesh.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every command, in the order help lists them. */
final class Commands {
  private Commands() {}

  static Map<String, Command> all() {
    Map<String, Command> map = new LinkedHashMap<>();
    for (Command c :
        new Command[] {
          new StatusCommand(),
          new PeersCommand(),
          new SendCommand(false),
          new SendCommand(true),
          new InboxCommand(),
          new StateCommand(),
          new LockCommand(false),
          new LockCommand(true),
          new EventsCommand(),
          new DashboardCommand(),
          new StartCommand(),
          new StopCommand(),
          new CleanCommand(),
          new DoctorCommand(),
          new DiscoverCommand(),
          new RecallCommand(),
          new SetupCommand(),
          new HookCommand(),
          new GuardCommand(),
          new VersionCommand(),
          new HelpCommand()
        }) {
      map.put(c.name(), c);
    }
    return map;
  }
}
