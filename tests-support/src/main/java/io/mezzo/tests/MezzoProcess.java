package io.mezzo.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code java -jar mezzo.jar} process (or another JVM) started by a test: its stdout is watched for the
 * line that says it is ready, its stderr goes to a log file under target/process-logs, and
 * it is stopped by its own PID.
 */
public final class MezzoProcess implements AutoCloseable {
  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final String name;
  private final Process process;
  private final Path log;
  private final List<String> output = new ArrayList<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();

  private MezzoProcess(String name, Process process, Path log, Pattern readyLine) {
    this.name = name;
    this.process = process;
    this.log = log;
    Thread reader = new Thread(() -> read(readyLine), "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mezzo <args>} and waits until it prints a line matching {@code readyLine}. */
  public static MezzoProcess start(String name, Pattern readyLine, List<String> args) throws IOException {
    return start(name, readyLine, List.of(), args);
  }

  /**
   * As {@link #start(String, Pattern, List)}, run by {@code wrapper} (say {@code ip netns exec
   * NS}), which must exec the JVM in its own process so that the PID stays the JVM's.
   */
  public static MezzoProcess start(String name, Pattern readyLine, List<String> wrapper, List<String> args)
      throws IOException {
    Path jar = Path.of(System.getProperty("mezzo.jar", "../verticles/target/mezzo.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build it with mvn -B verify (or package) first");
    }
    List<String> command = new ArrayList<>(List.of("-jar", jar.toAbsolutePath().toString()));
    command.addAll(args);
    return launch(name, readyLine, wrapper, command);
  }

  /**
   * Starts {@code mainClass} of this test JVM's class path (a framework of the tests, say) in
   * a JVM of its own, and waits until it prints a line matching {@code readyLine}.
   */
  public static MezzoProcess startMain(String name, Pattern readyLine, Class<?> mainClass, List<String> args) throws IOException {
    // Surefire runs the tests from a manifest-only jar; its own property holds the real path.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of("-cp", classPath, mainClass.getName()));
    command.addAll(args);
    return launch(name, readyLine, List.of(), command);
  }

  private static MezzoProcess launch(String name, Pattern readyLine, List<String> wrapper, List<String> javaArgs)
      throws IOException {
    Path logs = Path.of(System.getProperty("mezzo.logs", "target/process-logs"));
    Files.createDirectories(logs);
    Path log = logs.resolve(name + ".log");
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Small, quick-starting JVMs: several share two cores during the tests.
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-Djava.net.preferIPv4Stack=true"));
    command.addAll(javaArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    // The test frameworks' user ("tester") does not exist here: agents run tasks as themselves.
    builder.environment().putIfAbsent("MEZZO_AGENT_SWITCH_USER", "false");
    Process process = builder
        .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    MezzoProcess started = new MezzoProcess(name, process, log, readyLine);
    started.awaitReady();
    return started;
  }

  private void read(Pattern readyLine) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
        Matcher m = readyLine.matcher(line);
        if (m.find()) {
          ready.complete(line);
        }
      }
    } catch (IOException e) {
      // The process is gone.
    }
    ready.completeExceptionally(new IllegalStateException(name + " ended before it was ready; see " + log));
  }

  private void awaitReady() {
    try {
      ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException(name + " did not start within " + START_TIMEOUT + "; see " + log, e);
    }
  }

  /** The line that said the process was ready. */
  public String readyLine() {
    return ready.getNow(null);
  }

  /** The lines the process printed on stdout so far. */
  public List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** Whether the process printed a line matching {@code line} on stdout. */
  public boolean printed(Pattern line) {
    return output().stream().anyMatch(l -> line.matcher(l).find());
  }

  /** Waits for the process to end by itself and gives its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still runs after " + timeout);
    }
    return process.exitValue();
  }

  public long pid() {
    return process.pid();
  }

  /** {@code kill -9}: the process dies without any clean-up of its own. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Whether the process's log (its stderr) holds {@code text} so far. */
  public boolean logContains(String text) {
    try {
      return Files.readString(log, java.nio.charset.StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends SIGTERM without waiting. */
  public void terminate() {
    process.destroy();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, then SIGKILL if it has not ended within 20 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
