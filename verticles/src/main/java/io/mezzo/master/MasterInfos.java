package io.mezzo.master;

import io.mezzo.v1.Address;
import io.mezzo.v1.MasterInfo;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The {@code MasterInfo} a master tells the world about itself. Apache Mesos declares
 * {@code id}, {@code ip} and {@code port} required, so a strict Mesos client refuses a
 * {@code SUBSCRIBED} event without them: all three are always set here.
 */
public final class MasterInfos {
  private MasterInfos() {}

  /**
   * @param id a unique ID of this master's run (Mesos makes a new one per start)
   * @param hostname the name clients should use
   * @param ip the IPv4 address as {@link #ipv4(String)} gives it
   */
  public static MasterInfo of(String id, String hostname, String bindHost, int ip, int port) {
    return MasterInfo.newBuilder()
        .setId(id)
        .setIp(ip)
        .setPort(port)
        .setHostname(hostname)
        .setVersion(io.mezzo.Version.VERSION)
        .setAddress(Address.newBuilder().setHostname(hostname).setIp(bindHost).setPort(port))
        .build();
  }

  /**
   * The IPv4 address of {@code host} as Mesos's {@code MasterInfo.ip} holds it: the four
   * bytes in network order read as a little-endian integer (what {@code in_addr.s_addr} is
   * on the x86 hosts Mesos runs on; its clients decode it so). 0 when {@code host} has no
   * IPv4 address. Resolves names, so call it where blocking is allowed, once.
   */
  public static int ipv4(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (address instanceof Inet4Address) {
          byte[] b = address.getAddress();
          return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
        }
      }
    } catch (UnknownHostException e) {
      // An unresolvable bind address fails the HTTP server's start anyway.
    }
    return 0;
  }
}
