package io.mezzo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the benchmarks ran on, as the report states it. */
record Machine(String cpu, int cores, String memory, String jdk, String os) {
  static Machine describe() {
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
        .map(kb -> String.format("%.1f GiB", Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
        .orElse("unknown");
    String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    String os = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").map(name -> name.replace("\"", ""))
        .orElse(System.getProperty("os.name")) + ", kernel " + System.getProperty("os.version");
    return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory, jdk, os);
  }

  /** The one-minute load average: how busy the machine was with other work. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** The value of the first {@code key: value} or {@code key=value} line of a file. */
  private static Optional<String> firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        if (line.startsWith(key)) {
          int separator = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('=');
          if (separator > 0) {
            return Optional.of(line.substring(separator + 1).trim());
          }
        }
      }
    } catch (IOException e) {
      // Not Linux, or not readable: the caller's fallback says what it can.
    }
    return Optional.empty();
  }
}
