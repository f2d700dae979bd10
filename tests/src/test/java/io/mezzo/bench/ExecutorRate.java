package io.mezzo.bench;

import io.mezzo.executor.CommandExecutor;
import io.mezzo.executor.LaunchSpec;
import io.mezzo.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How fast the command executor alone runs {@code /bin/true} to its recorded exit: the
 * processes every task needs (its monitor shell and session), without master, agent or
 * status updates. Between the raw fork rate and the end-to-end rate, it tells the cost of
 * the process tree from the cost of the rest.
 */
final class ExecutorRate {
  private ExecutorRate() {}

  /** Tasks per second, all {@code tasks} launched at once on the executor's worker pool. */
  static double measure(int tasks, Path workDir) throws Exception {
    Path dir = Files.createTempDirectory(workDir, "executor-");
    Vertx vertx = Vertx.vertx();
    try {
      run(vertx, dir, Math.min(tasks, 10), "warm-"); // the JIT and the page cache, first
      long start = System.nanoTime();
      run(vertx, dir, tasks, "task-");
      return tasks / ((System.nanoTime() - start) / 1e9);
    } finally {
      Await.result(vertx.close());
      Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static void run(Vertx vertx, Path dir, int tasks, String prefix) {
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> {
      CommandExecutor executor = new CommandExecutor(vertx);
      List<Future<?>> exits = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        Path sandbox = dir.resolve(prefix + i);
        exits.add(executor.launch(new LaunchSpec(sandbox, "/bin/true", Map.of())).compose(process -> process.exit()));
      }
      Future.all(exits).<Void>mapEmpty().onComplete(done);
    });
    Await.result(done.future(), Duration.ofSeconds(60 + tasks / 5));
  }
}
