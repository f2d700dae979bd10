package io.mezzo.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A small network made of Linux network namespaces, for partition tests: a bridge in this
 * namespace (address {@code .254} of a random 10.x.y.0/24) and one namespace per node, each
 * joined to the bridge by a veth pair and given address {@code .1}, {@code .2}, ... Cutting a
 * node takes its veth down on the bridge side: it then reaches nobody and nobody reaches it,
 * while it still reaches its own address. Needs root and {@code ip}; everything it makes goes
 * in {@link #close()}.
 */
final class Netns implements AutoCloseable {
  private final String tag = "mz" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
  private final String subnet = "10.213." + ThreadLocalRandom.current().nextInt(1, 254);
  private final String bridge = tag + "br";
  private final List<String> namespaces = new ArrayList<>();

  /** Makes the bridge and {@code count} namespaces; throws when the kernel or permissions refuse. */
  Netns(int count) throws IOException {
    try {
      run("ip", "link", "add", bridge, "type", "bridge");
      run("ip", "addr", "add", hostAddress() + "/24", "dev", bridge);
      run("ip", "link", "set", bridge, "up");
      for (int i = 0; i < count; i++) {
        String ns = tag + "n" + i;
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "link", "add", veth(i), "type", "veth", "peer", "name", "eth0", "netns", ns);
        run("ip", "link", "set", veth(i), "master", bridge);
        run("ip", "link", "set", veth(i), "up");
        run("ip", "-n", ns, "link", "set", "lo", "up");
        run("ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0");
        run("ip", "-n", ns, "link", "set", "eth0", "up");
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The address of node {@code i} inside its namespace. */
  String address(int i) {
    return subnet + "." + (i + 1);
  }

  /** The address of this namespace on the bridge. */
  String hostAddress() {
    return subnet + ".254";
  }

  /** What runs a command inside node {@code i}'s namespace (exec'ing it: the PID stays the command's). */
  List<String> wrapper(int i) {
    return List.of("ip", "netns", "exec", namespaces.get(i));
  }

  /** Cuts node {@code i} off from every other node and from this namespace. */
  void cut(int i) throws IOException {
    run("ip", "link", "set", veth(i), "down");
  }

  /** Joins node {@code i} to the network again. */
  void heal(int i) throws IOException {
    run("ip", "link", "set", veth(i), "up");
  }

  /** Runs a command inside node {@code i}'s namespace and gives its standard output (at most 5 s). */
  String exec(int i, String... command) throws IOException {
    List<String> full = new ArrayList<>(wrapper(i));
    full.addAll(List.of(command));
    return run(full.toArray(String[]::new));
  }

  private String veth(int i) {
    return tag + "v" + i;
  }

  @Override
  public void close() {
    for (String ns : namespaces) {
      quietly("ip", "netns", "delete", ns);
    }
    namespaces.clear();
    quietly("ip", "link", "delete", bridge);
  }

  private static void quietly(String... command) {
    try {
      run(command);
    } catch (IOException | RuntimeException ignored) {
      // Already gone.
    }
  }

  private static String run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not end within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.trim());
    }
    return output;
  }
}
