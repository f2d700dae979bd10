package io.mezzo.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the {@code mezzo} command line as a user would: a separate process, its output captured. */
final class MezzoCli {
  /** What a command did: its exit code and everything it printed. */
  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private MezzoCli() {}

  /**
   * Runs {@code mezzo args...} with {@code environment} added to this JVM's, and waits for it
   * to end; kills it and fails after {@code timeout}.
   */
  static Result run(Duration timeout, Map<String, String> environment, String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("mezzo.jar", "../verticles/target/mezzo.jar"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(environment);
    Process process = builder.start();
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("mezzo " + String.join(" ", args) + " did not end within " + timeout
          + "\n--- stdout\n" + stdout.getNow("") + "--- stderr\n" + stderr.getNow(""));
    }
    return new Result(process.exitValue(), stdout.join(), stderr.join());
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
