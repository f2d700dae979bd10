package io.mezzo.allocator;

import io.mezzo.bus.Addresses;
import io.mezzo.bus.Codecs;
import io.mezzo.metrics.MasterRecorder;
import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.OfferFilters;
import io.mezzo.v1.Value;
import io.mezzo.v1.internal.Allocation;
import io.mezzo.v1.internal.AllocatorCall;
import io.mezzo.v1.internal.Allocations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Allocator} on the leading master: turns each {@link AllocatorCall} on the
 * local address {@link Addresses#ALLOCATOR} into one call on the core, runs a cycle every
 * allocation interval and soon after any call that can make an offer possible, and sends
 * each non-empty result as one {@link Allocations} message to {@link Addresses#ALLOCATIONS}.
 */
public final class AllocatorVerticle extends VerticleBase {
  /**
   * How long a call that can make offers possible waits before its cycle runs, so that a
   * burst of calls (agents re-registering after a failover) costs one cycle, not hundreds.
   */
  static final long TRIGGER_DELAY_MS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(AllocatorVerticle.class);

  private final AllocatorConfig config;
  private final LongSupplier clock;
  private final Random random;
  private final MasterRecorder recorder;
  private Allocator allocator;
  private long periodicTimer = -1;
  private long triggerTimer = -1;

  /** Creates the verticle; the core is built when it starts. */
  public AllocatorVerticle(AllocatorConfig config) {
    this(config, MasterRecorder.NONE);
  }

  /** Creates the verticle, which reports each cycle's duration to {@code recorder}. */
  public AllocatorVerticle(AllocatorConfig config, MasterRecorder recorder) {
    this(config, System::nanoTime, new Random(), recorder);
  }

  AllocatorVerticle(AllocatorConfig config, LongSupplier clock, Random random, MasterRecorder recorder) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    allocator = new Allocator(config, clock, random);
    MessageConsumer<Object> consumer =
        vertx.eventBus().localConsumer(Addresses.ALLOCATOR, this::handle);
    periodicTimer = vertx.setPeriodic(config.allocationInterval().toMillis(), id -> runCycle());
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(periodicTimer);
    if (triggerTimer != -1) {
      vertx.cancelTimer(triggerTimer);
    }
    return Future.succeededFuture();
  }

  private void handle(Message<Object> message) {
    if (!(message.body() instanceof AllocatorCall call)) {
      LOG.warn("Ignoring a non-AllocatorCall body on {}: {}", Addresses.ALLOCATOR,
          message.body() == null ? null : message.body().getClass().getName());
      return;
    }
    try {
      if (apply(call)) {
        triggerSoon();
      }
    } catch (RuntimeException e) {
      // The master validates what it sends; a bad call here is a bug on its side, and one
      // bad call must not take the allocator down for everyone.
      LOG.warn("Ignoring invalid allocator call {}: {}", call.getType(), e.getMessage());
    }
  }

  /** Applies one call to the core; returns whether it may have made an offer possible. */
  private boolean apply(AllocatorCall call) {
    switch (call.getType()) {
      case ADD_FRAMEWORK -> {
        String role = call.hasRole() ? call.getRole() : Resources.UNRESERVED;
        allocator.addFramework(frameworkId(call), role, call.getSuppressed(), minAllocatable(call));
        return !call.getSuppressed();
      }
      case UPDATE_FRAMEWORK -> {
        allocator.updateMinAllocatable(frameworkId(call), minAllocatable(call));
        return true;
      }
      case REMOVE_FRAMEWORK -> allocator.removeFramework(frameworkId(call));
      case ACTIVATE_FRAMEWORK -> {
        allocator.activateFramework(frameworkId(call));
        return true;
      }
      case DEACTIVATE_FRAMEWORK -> allocator.deactivateFramework(frameworkId(call));
      case SUPPRESS_OFFERS -> allocator.suppress(frameworkId(call));
      case REVIVE_OFFERS -> {
        allocator.revive(frameworkId(call));
        return true;
      }
      case ADD_AGENT -> {
        String agentId = agentId(call);
        allocator.addAgent(agentId, Resources.fromProto(call.getResourcesList()), used(call, agentId));
        return true;
      }
      case REMOVE_AGENT -> allocator.removeAgent(agentId(call));
      case RECOVER_RESOURCES -> {
        // No filters means resources freed by the master (finished tasks, rescinds); a
        // decline carries Filters, whose refuse_seconds defaults to 5 as in Mesos.
        double refuse = call.hasFilters() ? call.getFilters().getRefuseSeconds() : 0;
        allocator.recoverResources(
            frameworkId(call), agentId(call), Resources.fromProto(call.getResourcesList()), refuse);
        return true;
      }
      default -> throw new IllegalArgumentException("unknown call type " + call.getType());
    }
    return false;
  }

  /**
   * The framework's own minimum allocatable alternatives, or null when the configured ones
   * apply (no offer filters, or filters without min_allocatable_resources, as in Mesos).
   */
  private static List<Resources> minAllocatable(AllocatorCall call) {
    if (!call.hasOfferFilters() || !call.getOfferFilters().hasMinAllocatableResources()) {
      return null;
    }
    List<Resources> alternatives = new ArrayList<>();
    for (OfferFilters.ResourceQuantities quantities
        : call.getOfferFilters().getMinAllocatableResources().getQuantitiesList()) {
      Resources alternative = Resources.empty();
      for (Map.Entry<String, Value.Scalar> quantity : quantities.getQuantitiesMap().entrySet()) {
        alternative = alternative.plus(Resources.scalar(quantity.getKey(), quantity.getValue().getValue()));
      }
      alternatives.add(alternative);
    }
    return alternatives;
  }

  private static Map<String, Resources> used(AllocatorCall call, String agentId) {
    Map<String, Resources> used = new HashMap<>();
    for (Allocation allocation : call.getUsedList()) {
      if (!allocation.hasFrameworkId() || allocation.getFrameworkId().getValue().isEmpty()) {
        throw new IllegalArgumentException("used allocation without framework_id");
      }
      if (allocation.hasAgentId() && !allocation.getAgentId().getValue().equals(agentId)) {
        throw new IllegalArgumentException(
            "used allocation names agent " + allocation.getAgentId().getValue() + ", not " + agentId);
      }
      used.merge(
          allocation.getFrameworkId().getValue(),
          Resources.fromProto(allocation.getResourcesList()),
          Resources::plus);
    }
    return used;
  }

  private static String frameworkId(AllocatorCall call) {
    if (!call.hasFrameworkId() || call.getFrameworkId().getValue().isEmpty()) {
      throw new IllegalArgumentException(call.getType() + " needs framework_id");
    }
    return call.getFrameworkId().getValue();
  }

  private static String agentId(AllocatorCall call) {
    if (!call.hasAgentId() || call.getAgentId().getValue().isEmpty()) {
      throw new IllegalArgumentException(call.getType() + " needs agent_id");
    }
    return call.getAgentId().getValue();
  }

  /** Schedules one extra cycle unless one is already pending. */
  private void triggerSoon() {
    if (triggerTimer == -1) {
      triggerTimer =
          vertx.setTimer(
              TRIGGER_DELAY_MS,
              id -> {
                triggerTimer = -1;
                runCycle();
              });
    }
  }

  private void runCycle() {
    List<AllocationDecision> decisions;
    // Wall time on purpose, not the injected clock: this is what the cycle cost.
    long start = System.nanoTime();
    try {
      decisions = allocator.allocate();
    } catch (RuntimeException e) {
      LOG.error("Allocation cycle failed", e);
      return;
    }
    recorder.allocationCycle(System.nanoTime() - start, decisions.size());
    if (decisions.isEmpty()) {
      return;
    }
    Allocations.Builder allocations = Allocations.newBuilder();
    for (AllocationDecision decision : decisions) {
      allocations.addAllocations(
          Allocation.newBuilder()
              .setFrameworkId(FrameworkID.newBuilder().setValue(decision.frameworkId()))
              .setAgentId(AgentID.newBuilder().setValue(decision.agentId()))
              .addAllResources(decision.resources().toProto()));
    }
    vertx.eventBus().send(Addresses.ALLOCATIONS, allocations.build());
  }
}
