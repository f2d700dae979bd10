package io.mezzo.agent.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing cgroupfs files, and emptying a cgroup. Blocking. */
final class CgroupFiles {
  /** How long destroy() keeps killing what a cgroup holds before it gives up. */
  static final Duration EMPTY_TIMEOUT = Duration.ofSeconds(5);

  private CgroupFiles() {}

  /**
   * Removes the cgroups under {@code root} that hold no process and are older than
   * {@code age}, but those named in {@code keep}: left by runs whose agent ended without ending them (their tasks killed
   * from outside). A young empty cgroup may be a run about to start, so it stays; one in use
   * holds processes, and rmdir would refuse it anyway. Returns how many went.
   */
  static int sweep(Path root, Duration age, java.util.Set<String> keep) throws IOException {
    int removed = 0;
    long before = System.currentTimeMillis() - age.toMillis();
    try (var children = Files.list(root)) {
      for (Path dir : (Iterable<Path>) children::iterator) {
        try {
          if (Files.isDirectory(dir) && !keep.contains(dir.getFileName().toString()) && pids(dir.resolve("cgroup.procs")).isEmpty()
              && Files.getLastModifiedTime(dir).toMillis() < before) {
            Files.delete(dir);
            removed++;
          }
        } catch (IOException e) {
          // Busy or gone: another agent's, or already removed.
        }
      }
    }
    return removed;
  }

  static void write(Path file, String value) throws IOException {
    // cgroupfs takes one write(2) per value: no truncate-and-append dance.
    Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
  }

  /** A number file; -1 when absent. */
  static long number(Path file) throws IOException {
    try {
      String text = read(file);
      return text.equals("max") ? Long.MAX_VALUE : Long.parseLong(text);
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  /** The value of {@code key} in a "key value" file (memory.events, cpu.stat); -1 when absent. */
  static long keyed(Path file, String key) throws IOException {
    try {
      for (String line : read(file).split("\n")) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length == 2 && parts[0].equals(key)) {
          return Long.parseLong(parts[1]);
        }
      }
    } catch (NoSuchFileException e) {
      // The controller is not there.
    }
    return -1;
  }

  static List<Long> pids(Path procs) throws IOException {
    List<Long> pids = new ArrayList<>();
    try {
      for (String line : read(procs).split("\n")) {
        if (!line.isBlank()) {
          pids.add(Long.parseLong(line.strip()));
        }
      }
    } catch (NoSuchFileException e) {
      // A removed cgroup holds nothing.
    }
    return pids;
  }

  /**
   * SIGKILLs everything in the cgroup of {@code procs} until it is empty, then removes the
   * cgroup's directory. A fork bomb keeps forking while it is killed, which is why this loops.
   */
  static void empty(Path dir) throws IOException, InterruptedException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    long deadline = System.nanoTime() + EMPTY_TIMEOUT.toNanos();
    List<Long> pids = pids(dir.resolve("cgroup.procs"));
    while (!pids.isEmpty() && System.nanoTime() - deadline < 0) {
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      Thread.sleep(20);
      pids = pids(dir.resolve("cgroup.procs"));
    }
    if (!pids.isEmpty()) {
      throw new IOException("cgroup " + dir + " still holds " + pids.size() + " processes");
    }
    // rmdir on cgroupfs: the kernel's files inside go with the directory. A process that
    // just exited may keep it busy for a moment.
    for (int attempt = 0; ; attempt++) {
      try {
        Files.deleteIfExists(dir);
        return;
      } catch (IOException e) {
        if (attempt == 50) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }
}
