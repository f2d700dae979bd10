package io.mezzo.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A scheduler built on Mesos's own classes subscribes to a {@code mezzo local} and parses
 * every event strictly: SUBSCRIBED with a complete MasterInfo, OFFERS, HEARTBEAT.
 */
class SubscribeTest {
  private static MesosLocal local;

  @BeforeAll
  static void start() throws Exception {
    local = new MesosLocal("subscribe");
  }

  @AfterAll
  static void stop() {
    if (local != null) {
      local.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void subscribedOffersAndHeartbeatsParseWithMesosClasses(Encoding encoding) throws Exception {
    try (MesosScheduler scheduler = new MesosScheduler(local.master(), encoding)) {
      Event subscribed = scheduler.subscribe(Frameworks.info("subscribe-" + encoding));
      assertFalse(subscribed.getSubscribed().getFrameworkId().getValue().isEmpty());
      assertTrue(subscribed.getSubscribed().getHeartbeatIntervalSeconds() > 0, subscribed.toString());
      MasterInfo master = subscribed.getSubscribed().getMasterInfo();
      // 127.0.0.1 as Mesos encodes MasterInfo.ip: network byte order read little-endian.
      assertEquals(0x0100007f, master.getIp(), master.toString());
      assertEquals(local.httpPort, master.getPort());
      assertFalse(master.getId().isEmpty());

      Event offers = scheduler.await(Event.Type.OFFERS);
      Offer offer = offers.getOffers().getOffers(0);
      assertEquals(scheduler.frameworkId(), offer.getFrameworkId());
      assertTrue(offer.getResourcesList().stream().anyMatch(r -> r.getName().equals("cpus")), offer.toString());
      scheduler.await(Event.Type.HEARTBEAT);

      scheduler.call(scheduler.callOf(Call.Type.TEARDOWN).build()).expect(202);
    }
  }
}
