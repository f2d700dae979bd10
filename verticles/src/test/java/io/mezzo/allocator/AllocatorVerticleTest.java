package io.mezzo.allocator;

import static io.mezzo.allocator.Fixtures.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.OfferFilters;
import io.mezzo.v1.Resource;
import io.mezzo.v1.Value;
import io.mezzo.v1.internal.Allocation;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.internal.Allocations;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The allocator verticle on a local event bus, driven the way the master drives it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class AllocatorVerticleTest {
  private static final String AGENT = "cpus:4;mem:4096;ports:[31000-31099]";

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    Codecs.register(vertx);
    // A long interval: the offer must come from the call that made it possible.
    AllocatorConfig config = AllocatorConfig.defaults().withAllocationInterval(Duration.ofHours(1));
    vertx.deployVerticle(new AllocatorVerticle(config)).onComplete(context.succeedingThenComplete());
  }

  @Test
  void offersANewAgentToANewFramework(Vertx vertx, VertxTestContext context) {
    EventBus bus = vertx.eventBus();
    bus.<Allocations>localConsumer(
            Addresses.ALLOCATIONS,
            message ->
                context.verify(
                    () -> {
                      assertEquals(1, message.body().getAllocationsCount());
                      Allocation offer = message.body().getAllocations(0);
                      assertEquals("fw-1", offer.getFrameworkId().getValue());
                      assertEquals("agent-1", offer.getAgentId().getValue());
                      assertEquals(res(AGENT), Resources.fromProto(offer.getResourcesList()));
                      context.completeNow();
                    }))
        .completion()
        .onSuccess(
            registered -> {
              bus.send(Addresses.ALLOCATOR, Fixtures.addAgentCall("agent-1", AGENT));
              bus.send(Addresses.ALLOCATOR, Fixtures.addFrameworkCall("fw-1", "web"));
            })
        .onFailure(context::failNow);
  }

  @Test
  void invalidCallsAreIgnored(Vertx vertx, VertxTestContext context) {
    EventBus bus = vertx.eventBus();
    bus.<Allocations>localConsumer(
            Addresses.ALLOCATIONS,
            message ->
                context.verify(
                    () -> {
                      Allocation offer = message.body().getAllocations(0);
                      assertEquals("fw-1", offer.getFrameworkId().getValue());
                      assertEquals("good", offer.getAgentId().getValue());
                      context.completeNow();
                    }))
        .completion()
        .onSuccess(
            registered -> {
              bus.send(Addresses.ALLOCATOR, negativeCpuAgent("bad"));
              bus.send(Addresses.ALLOCATOR, "not a call");
              bus.send(Addresses.ALLOCATOR, AllocatorCall.newBuilder().setType(AllocatorCall.Type.ADD_AGENT).build());
              bus.send(Addresses.ALLOCATOR, recoverForUnknownAgent());
              bus.send(Addresses.ALLOCATOR, Fixtures.addAgentCall("good", AGENT));
              bus.send(Addresses.ALLOCATOR, Fixtures.addFrameworkCall("fw-1", "web"));
            })
        .onFailure(context::failNow);
  }

  @Test
  void offerFiltersInAddAndUpdateCallsAreApplied(Vertx vertx, VertxTestContext context) {
    EventBus bus = vertx.eventBus();
    AtomicBoolean updated = new AtomicBoolean();
    bus.<Allocations>localConsumer(
            Addresses.ALLOCATIONS,
            message ->
                context.verify(
                    () -> {
                      // "big" asked for 8 cpus, which the agent lacks, until its update.
                      assertTrue(updated.get(), "offered before the update lowered the filters");
                      assertEquals(1, message.body().getAllocationsCount());
                      assertEquals("big", message.body().getAllocations(0).getFrameworkId().getValue());
                      context.completeNow();
                    }))
        .completion()
        .onSuccess(
            registered -> {
              bus.send(Addresses.ALLOCATOR, Fixtures.addAgentCall("agent-1", AGENT));
              bus.send(Addresses.ALLOCATOR,
                  Fixtures.addFrameworkCall("big", "web").toBuilder().setOfferFilters(cpusAtLeast(8)).build());
              // Long enough for a cycle after the add, had the filters been ignored.
              vertx.setTimer(200, later -> {
                updated.set(true);
                bus.send(Addresses.ALLOCATOR, AllocatorCall.newBuilder()
                    .setType(AllocatorCall.Type.UPDATE_FRAMEWORK)
                    .setFrameworkId(FrameworkID.newBuilder().setValue("big"))
                    .setOfferFilters(cpusAtLeast(2))
                    .build());
              });
            })
        .onFailure(context::failNow);
  }

  private static OfferFilters cpusAtLeast(double cpus) {
    return OfferFilters.newBuilder()
        .setMinAllocatableResources(OfferFilters.MinAllocatableResources.newBuilder()
            .addQuantities(OfferFilters.ResourceQuantities.newBuilder()
                .putQuantities("cpus", Value.Scalar.newBuilder().setValue(cpus).build())))
        .build();
  }

  private static AllocatorCall negativeCpuAgent(String agentId) {
    Resource negative =
        Resource.newBuilder()
            .setName("cpus")
            .setType(Value.Type.SCALAR)
            .setScalar(Value.Scalar.newBuilder().setValue(-2))
            .build();
    return AllocatorCall.newBuilder()
        .setType(AllocatorCall.Type.ADD_AGENT)
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .addResources(negative)
        .build();
  }

  private static AllocatorCall recoverForUnknownAgent() {
    return AllocatorCall.newBuilder()
        .setType(AllocatorCall.Type.RECOVER_RESOURCES)
        .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
        .setAgentId(AgentID.newBuilder().setValue("nowhere"))
        .addAllResources(res("cpus:1").toProto())
        .build();
  }
}
