package dev.slmmesh.client;

import dev.slmmesh.config.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code <data>/known_hubs}: one line per hub, {@code host:port sha256-fingerprint}, written on the
 * first successful handshake (trust on first use) and checked on every later TLS connection, so a
 * hub whose certificate changes is refused until the line is removed by hand.
 */
public final class KnownHubs {
  private final Path file;

  public KnownHubs(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public synchronized Optional<String> fingerprint(HubAddress hub) {
    for (String line : lines()) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[0].equals(hub.authority())) {
        return Optional.of(parts[1]);
      }
    }
    return Optional.empty();
  }

  /** Records the hub's fingerprint if it has none yet. */
  public synchronized void remember(HubAddress hub, String fingerprint) throws IOException {
    if (fingerprint(hub).isPresent()) {
      return;
    }
    List<String> lines = new ArrayList<>(lines());
    lines.add(hub.authority() + " " + fingerprint);
    SecureFiles.ensureDir(file.getParent());
    SecureFiles.writeAtomically(file, String.join("\n", lines) + "\n");
  }

  private List<String> lines() {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new HubException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
