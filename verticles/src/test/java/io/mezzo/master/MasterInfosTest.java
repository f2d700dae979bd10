package io.mezzo.master;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mezzo.v1.MasterInfo;
import org.junit.jupiter.api.Test;

/** MasterInfo as a strict Mesos client needs it: id, ip and port always set, ip as Mesos encodes it. */
class MasterInfosTest {
  @Test
  void ipIsTheAddressInNetworkOrderReadLittleEndian() {
    // What Mesos's own master sends for 127.0.0.1, and what its clients decode back.
    assertEquals(0x0100007f, MasterInfos.ipv4("127.0.0.1"));
    assertEquals(0x0a01a8c0, MasterInfos.ipv4("192.168.1.10"));
    assertEquals(0, MasterInfos.ipv4("::1"), "no IPv4 address");
  }

  @Test
  void requiredFieldsAreSetEvenWhenPortIsTheDefault() {
    MasterInfo info = MasterInfos.of("run-1", "localhost", "127.0.0.1", MasterInfos.ipv4("127.0.0.1"), 5050);
    // Set explicitly, so that port 5050 is on the wire, not left to the schema's default.
    assertEquals(true, info.hasPort());
    assertEquals(true, info.hasIp());
    assertEquals("run-1", info.getId());
  }
}
