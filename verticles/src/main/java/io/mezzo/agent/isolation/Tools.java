package io.mezzo.agent.isolation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the util-linux tools a task's shell runs by absolute path (its PATH is the task's). */
final class Tools {
  private static final String[] DIRS = {"/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"};

  private Tools() {}

  static Optional<Path> find(String name) {
    for (String dir : DIRS) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
