package io.mezzo.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Where test processes listen: the loopback address, on ports the kernel says are free. */
public final class Loopback {
  /** The address every test process binds and every test client calls. */
  public static final String HOST = "127.0.0.1";

  private Loopback() {}

  /** A port nobody listens on right now (the kernel's pick for an ephemeral bind). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }
}
