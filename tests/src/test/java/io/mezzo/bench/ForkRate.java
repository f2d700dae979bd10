package io.mezzo.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How fast this JVM can fork and exec {@code /bin/true} and reap it, with no Mezzo at all:
 * the physical limit the end-to-end launch rate is compared with.
 */
final class ForkRate {
  private ForkRate() {}

  /** Processes per second, {@code processes} of them run by {@code threads} threads at once. */
  static double measure(int processes, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      run(pool, Math.min(processes, 20), threads); // the JIT and the page cache, first
      long start = System.nanoTime();
      run(pool, processes, threads);
      return processes / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void run(ExecutorService pool, int processes, int threads) throws Exception {
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int share = processes / threads + (t < processes % threads ? 1 : 0);
      workers.add(pool.submit(() -> {
        for (int i = 0; i < share; i++) {
          trueOnce();
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
  }

  private static void trueOnce() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("/bin/true").redirectErrorStream(true).start();
    process.getInputStream().close();
    process.getOutputStream().close();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("/bin/true failed");
    }
  }
}
