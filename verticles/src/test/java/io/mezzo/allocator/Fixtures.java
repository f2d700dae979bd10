package io.mezzo.allocator;

import io.mezzo.model.Resources;
import io.mezzo.v1.AgentID;
import io.mezzo.v1.FrameworkID;
import io.mezzo.v1.internal.AllocatorCall;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/** Test fixtures for the allocator: resources, a fake clock, allocators and wire calls. */
final class Fixtures {
  static final String ROLE = "web";
  static final long SEED = 42;

  private Fixtures() {}

  /** A clock that moves only when told to. */
  static final class FakeClock implements LongSupplier {
    private long nanos = 1_000_000_000L;

    void advanceSeconds(double seconds) {
      nanos += (long) (seconds * 1e9);
    }

    @Override
    public long getAsLong() {
      return nanos;
    }
  }

  static Resources res(String text) {
    return Resources.parse(text);
  }

  static Allocator allocator(FakeClock clock) {
    return allocator(AllocatorConfig.defaults(), clock, SEED);
  }

  static Allocator allocator(AllocatorConfig config, FakeClock clock, long seed) {
    return new Allocator(config, clock, new Random(seed));
  }

  static void addAgent(Allocator allocator, String agentId, String resources) {
    allocator.addAgent(agentId, res(resources), Map.of());
  }

  static AllocatorCall addAgentCall(String agentId, String resources) {
    return AllocatorCall.newBuilder()
        .setType(AllocatorCall.Type.ADD_AGENT)
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .addAllResources(res(resources).toProto())
        .build();
  }

  static AllocatorCall addFrameworkCall(String frameworkId, String role) {
    return AllocatorCall.newBuilder()
        .setType(AllocatorCall.Type.ADD_FRAMEWORK)
        .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
        .setRole(role)
        .build();
  }
}
