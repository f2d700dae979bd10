package io.mezzo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs every benchmark and writes the report. The bench profile of the tests module runs it
 * ({@code tests/bench/run-benchmarks.sh}); {@code BenchmarkSmokeTest} runs it at tiny sizes.
 */
public final class BenchmarkSuite {
  private BenchmarkSuite() {}

  /**
   * Arguments: {@code --report=FILE} (required), {@code --command=TEXT} (what the report says
   * was run), {@code --runs=N} (default 3), {@code --only=allocator,launch,simulated,eventbus}.
   */
  public static void main(String[] args) throws Exception {
    Path report = null;
    String command = "BenchmarkSuite";
    int runs = 3;
    Set<String> only = BenchPlan.ALL;
    for (String arg : args) {
      String value = arg.substring(arg.indexOf('=') + 1);
      if (arg.startsWith("--report=")) {
        report = Path.of(value);
      } else if (arg.startsWith("--command=")) {
        command = value;
      } else if (arg.startsWith("--runs=")) {
        runs = Integer.parseInt(value);
      } else if (arg.startsWith("--only=")) {
        only = new LinkedHashSet<>(List.of(value.split(",")));
      } else {
        throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    if (report == null) {
      throw new IllegalArgumentException("--report=FILE is required");
    }
    Path work = Files.createDirectories(Path.of("target", "bench"));
    BenchResults results = run(BenchPlan.full(runs, only), work);
    write(report, BenchPlan.full(runs, only), results, command);
    System.out.println("wrote " + report.toAbsolutePath());
    // Vert.x and Hazelcast leave non-daemon threads behind; the report is written.
    System.exit(0);
  }

  /** Runs what {@code plan} asks for, in this JVM; {@code work} holds sandboxes and logs. */
  static BenchResults run(BenchPlan plan, Path work) throws Exception {
    Machine machine = Machine.describe();
    double loadBefore = Machine.loadAverage();
    List<AllocatorBench.Figures> allocator = new ArrayList<>();
    if (plan.runs("allocator")) {
      say("allocator: " + plan.allocator().shapes());
      allocator = AllocatorBench.run(plan.allocator());
    }
    List<BenchResults.LaunchRun> launch = new ArrayList<>();
    if (plan.runs("launch")) {
      for (int run = 1; run <= plan.runs(); run++) {
        say("launch: run " + run + " of " + plan.runs() + ", " + plan.launchTasks() + " tasks");
        BenchFramework.Result result = LaunchBench.run(plan.launchTasks(), work);
        launch.add(new BenchResults.LaunchRun(result, ForkRate.measure(plan.forkProcesses(), 1),
            ForkRate.measure(plan.forkProcesses(), machine.cores()), ExecutorRate.measure(plan.launchTasks(), work)));
      }
    }
    List<SimulatedBench.Result> simulated = new ArrayList<>();
    if (plan.runs("simulated")) {
      for (int agents : plan.simulatedAgents()) {
        for (int run = 1; run <= plan.runs(); run++) {
          say("simulated: " + agents + " agents, run " + run + " of " + plan.runs());
          simulated.add(SimulatedBench.run(agents, plan.simulatedTasks(), work));
        }
      }
    }
    List<EventBusBench.Result> eventBus = new ArrayList<>();
    if (plan.runs("eventbus")) {
      for (int run = 1; run <= plan.runs(); run++) {
        say("event bus: run " + run + " of " + plan.runs());
        eventBus.add(EventBusBench.run(plan.eventBusEach(), work));
      }
    }
    return new BenchResults(machine, loadBefore, Machine.loadAverage(), allocator, launch, simulated, eventBus);
  }

  static void write(Path report, BenchPlan plan, BenchResults results, String command) throws IOException {
    String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    String markdown = new Report(plan, results, command, when, commit()).markdown();
    if (report.getParent() != null) {
      Files.createDirectories(report.getParent());
    }
    Files.writeString(report, markdown, StandardCharsets.UTF_8);
  }

  /** The commit measured, marked when the work tree had changes; "unknown" outside git. */
  private static String commit() {
    try {
      String head = git("rev-parse", "--short", "HEAD");
      return git("status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + " with local changes";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }

  private static String git(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (git.waitFor() != 0) {
      throw new IOException(out);
    }
    return out;
  }

  private static void say(String what) {
    System.out.println("[bench] " + what);
    System.out.flush();
  }
}
